from modeltranslation.translator import TranslationOptions, register

from smartcity.appointments.models import FrontDesk


@register(FrontDesk)
class FrontDeskTranslation(TranslationOptions):
    fields = ("name", "place")
