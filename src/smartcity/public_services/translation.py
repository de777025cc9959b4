from modeltranslation.translator import TranslationOptions, register

from smartcity.public_services.models import Service, ServiceQuestion


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "summary", "eligibility", "documents_required")


@register(ServiceQuestion)
class ServiceQuestionTranslation(TranslationOptions):
    fields = ("description", "datatype_description")
