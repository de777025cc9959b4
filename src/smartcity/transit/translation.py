from modeltranslation.translator import TranslationOptions, register

from smartcity.transit.models import Agency, FeedInfo, Route, ServiceAlert, Stop, Trip


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name",)


@register(Route)
class RouteTranslation(TranslationOptions):
    fields = ("long_name", "description")


@register(Stop)
class StopTranslation(TranslationOptions):
    fields = ("name",)


@register(Trip)
class TripTranslation(TranslationOptions):
    fields = ("headsign",)


@register(FeedInfo)
class FeedInfoTranslation(TranslationOptions):
    fields = ("notice",)


@register(ServiceAlert)
class ServiceAlertTranslation(TranslationOptions):
    fields = ("header", "description")
