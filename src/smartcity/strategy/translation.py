from modeltranslation.translator import TranslationOptions, register

from smartcity.strategy.models import ActionMilestone, Indicator, Node, Plan


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("title",)


@register(Node)
class NodeTranslation(TranslationOptions):
    fields = ("title", "responsible_text", "funding_source")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name",)


@register(ActionMilestone)
class ActionMilestoneTranslation(TranslationOptions):
    fields = ("title",)
