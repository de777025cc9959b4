from modeltranslation.translator import TranslationOptions, register

from smartcity.public_services.models import Service


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "summary", "eligibility", "documents_required")
