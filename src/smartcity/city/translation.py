from modeltranslation.translator import TranslationOptions, register

from smartcity.city.models import CityProfile, Department, District


@register(CityProfile)
class CityProfileTranslation(TranslationOptions):
    fields = ("name", "address", "working_days")


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name",)
