from modeltranslation.translator import TranslationOptions, register

from .models import ParkingLot, SharedPlace


@register(ParkingLot)
class ParkingLotTranslation(TranslationOptions):
    fields = ("name", "address")


@register(SharedPlace)
class SharedPlaceTranslation(TranslationOptions):
    fields = ("name", "address")
