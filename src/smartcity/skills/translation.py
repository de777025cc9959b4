from modeltranslation.translator import TranslationOptions, register

from smartcity.skills.models import Occupation, Option, Question, Section, Skill, Survey


@register(Occupation)
class OccupationTranslation(TranslationOptions):
    fields = ("title",)


@register(Skill)
class SkillTranslation(TranslationOptions):
    fields = ("label",)


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
