"""The unified fare engine: GTFS Fares v2 rules as data (staff edit them in admin), GTFS Fares v1
when a feed has no v2, other modes' legs priced through ``details["fare"]``.

    quote = fares.engine.itinerary_price(context, itinerary)   # a FareQuote
    fares.explain.fare_dict(quote)                               # the API's ``fare`` object

Amounts are kept in minor units of the currency (KRW has none, USD cents) and shown both as an
integer ``*_minor`` and as a decimal string.
"""
