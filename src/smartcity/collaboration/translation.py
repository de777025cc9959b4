from modeltranslation.translator import TranslationOptions, register

from smartcity.collaboration.models import Criterion


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")
