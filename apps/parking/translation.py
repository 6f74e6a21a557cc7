from modeltranslation.translator import TranslationOptions, register

from .models import ParkingLot


@register(ParkingLot)
class ParkingLotTranslation(TranslationOptions):
    fields = ("name", "address")
