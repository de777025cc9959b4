from modeltranslation.translator import TranslationOptions, register

from smartcity.service_requests.models import AttributeValue, CategoryAttribute, ServiceCategory


@register(ServiceCategory)
class ServiceCategoryTranslation(TranslationOptions):
    fields = ("name", "description", "group")


@register(CategoryAttribute)
class CategoryAttributeTranslation(TranslationOptions):
    fields = ("description", "datatype_description")


@register(AttributeValue)
class AttributeValueTranslation(TranslationOptions):
    fields = ("name",)
