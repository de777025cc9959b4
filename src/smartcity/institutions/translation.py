from modeltranslation.translator import TranslationOptions, register

from smartcity.institutions.models import Institution


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name",)
