"""The survey designer: a survey has sections, a section has questions, a question has
options (or takes them from the occupations or skills), and may be shown only when
another question's answer is one of some options."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Survey(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale")
        NUMBER = "number", _("number")
        TEXT = "text", _("text")
        MATRIX = "matrix", _("matrix")

    class Source(models.TextChoices):
        OPTIONS = "", _("its own options")
        OCCUPATIONS = "occupations", _("the occupations (ISCO-08)")
        SKILLS = "skills", _("the skills")

    class Cells(models.TextChoices):
        CHOICE = "choice", _("one column per row")
        NUMBER = "number", _("a number in each cell")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    source = models.CharField(
        _("choices or matrix rows from"),
        max_length=12,
        choices=Source.choices,
        blank=True,
        help_text=_("For choices and matrix rows; a matrix's own options are its columns."),
    )
    cells = models.CharField(
        _("matrix cells"), max_length=6, choices=Cells.choices, default=Cells.NUMBER
    )
    min_value = models.IntegerField(_("lowest value"), null=True, blank=True)
    max_value = models.IntegerField(_("highest value"), null=True, blank=True)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("shown only if the answer to"),
    )
    show_if_values = models.JSONField(_("is one of (option codes)"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__survey", "section__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="question_code_in_section")
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError(
                {"max_value": _("The highest value must not be below the lowest.")}
            )
        if self.kind == self.Kind.SCALE and (self.min_value is None or self.max_value is None):
            raise ValidationError({"max_value": _("A scale needs its lowest and highest value.")})
        if self.show_if_question_id and self.show_if_question_id == self.pk:
            raise ValidationError(
                {"show_if_question": _("A question cannot depend on its own answer.")}
            )
        if self.show_if_question_id and not self.show_if_values:
            raise ValidationError(
                {"show_if_values": _("Give the option codes that show this question.")}
            )


class Option(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation's
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="option_code_in_question")
        ]

    def __str__(self) -> str:
        return self.label
