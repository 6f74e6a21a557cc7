"""Thin views: validate input, call one service or selector, render. Health text the person types
(keyword prompts, symptoms) is sent in POST bodies, never in URLs, so it stays out of access logs."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.core.api.parsers import JSONParser
from apps.core.api.schema import errors
from apps.core.api.views import DeviceApi, PublicApi, StaffApi, UserApi
from apps.core.idempotency import idempotency_key_clean
from apps.core.pagination import CursorPagination
from apps.health import catalogue, fhir, guide, selectors, services, sharing
from apps.health.codes import CODES
from apps.health.models import ConsentRecord, ContentUse

from . import serializers as s

TAG = ["health"]


def _lang() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


# --- profile and catalogue ------------------------------------------------------------------------
class HealthProfileView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My health profile: sex, area and sharing level",
        responses={200: s.HealthProfileOutput, **errors(401, 403)},
    )
    def get(self, request):
        profile = services.profile_ensure(user=request.user)
        return Response(self._out(request, profile))

    @extend_schema(
        tags=TAG,
        summary="Change my sex or area (used only as the sharing level allows)",
        request=s.HealthProfileUpdateInput,
        responses={200: s.HealthProfileOutput, **errors(400, 401, 403)},
    )
    def patch(self, request):
        data = s.HealthProfileUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = services.profile_update(user=request.user, **data.validated_data)
        return Response(self._out(request, profile))

    def _out(self, request, profile):
        level = selectors.consent_level_current(user=request.user)
        return s.HealthProfileOutput(
            {"sex": profile.sex, "area_code": profile.area_code, "consent_level": level}
        ).data


class AreaListView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Gimhae's eup/myeon/dong and their administrative codes",
        responses={200: s.AreaOutput(many=True)},
    )
    def get(self, request):
        lang = _lang()
        rows = [
            {"area_code": code, "name": row[f"name_{lang}"]}
            for code, row in catalogue.areas().items()
        ]
        return Response(s.AreaOutput(rows, many=True).data)


class MeasureCodeListView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="What can be measured: LOINC codes, UCUM units and the accepted ranges",
        responses={200: s.MeasureCodeOutput(many=True)},
    )
    def get(self, request):
        rows = [
            {
                "code": c.loinc,
                "key": c.key,
                "label": str(c.label),
                "unit": c.unit,
                "unit_label": c.unit_label,
                "minimum": c.minimum,
                "maximum": c.maximum,
                "decimals": c.decimals,
                "other_units": list(c.conversions),
            }
            for c in CODES.values()
        ]
        return Response(s.MeasureCodeOutput(rows, many=True).data)


# --- measurements ---------------------------------------------------------------------------------
class MeasurementPagination(CursorPagination):
    ordering = ("-measured_at", "-created_at")


class MeasurementListView(UserApi, GenericAPIView):
    pagination_class = MeasurementPagination
    serializer_class = s.MeasurementOutput

    @extend_schema(
        tags=TAG,
        summary="My measurements, newest first (cursor pages)",
        parameters=[s.MeasurementListInput],
        responses={200: s.MeasurementOutput(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        data = s.MeasurementListInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        queryset = selectors.measurement_list(user=request.user, **data.validated_data)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(s.MeasurementOutput(page, many=True).data)

    @extend_schema(
        tags=TAG,
        summary="Record a measurement (a re-sent Idempotency-Key returns the first answer)",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "minLength": 1, "maxLength": 255},
                OpenApiParameter.HEADER,
                required=False,
                description="Optional: a phone or wearable app re-sending the same reading with "
                "the same key gets the stored one back (200) instead of a second copy; the same "
                "key with another reading is 409 `idempotency_key_reused`.",
            )
        ],
        request=s.MeasurementCreateInput,
        responses={
            201: s.MeasurementOutput,
            200: OpenApiResponse(s.MeasurementOutput, description="Already recorded (re-send)."),
            **errors(400, 401, 403, 409),
        },
    )
    def post(self, request):
        data = s.MeasurementCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        raw = request.headers.get("Idempotency-Key")
        key = idempotency_key_clean(raw=raw) if raw is not None else None
        measurement, created = services.measurement_record(
            user=request.user, idempotency_key=key, **data.validated_data
        )
        return Response(
            s.MeasurementOutput(measurement).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class MeasurementDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Delete one of my measurements",
        responses={204: None, **errors(401, 403, 404)},
    )
    def delete(self, request, measurement_id):
        services.measurement_delete(user=request.user, measurement_id=measurement_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TrendView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Trends: one series per code over the last days, with min, max, average, latest",
        parameters=[s.TrendInput],
        responses={200: s.TrendOutput, **errors(400, 401, 403)},
    )
    def get(self, request):
        data = s.TrendInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        end = timezone.now() + datetime.timedelta(minutes=5)
        start = end - datetime.timedelta(days=data.validated_data["days"])
        series = selectors.measurement_series(
            user=request.user, codes=data.validated_data["codes"], start=start, end=end
        )
        return Response(s.TrendOutput({"start": start, "end": end, "series": series}).data)


# --- programmes -----------------------------------------------------------------------------------
class ParticipationListView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Programmes I take part in",
        responses={200: s.ParticipationOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        rows = selectors.participation_list(user=request.user)
        return Response(s.ParticipationOutput(rows, many=True).data)


class ParticipationComparisonView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Before and after joining a programme, per measurement",
        responses={200: s.ParticipationComparisonOutput, **errors(401, 403, 404)},
    )
    def get(self, request, participation_id):
        participation = selectors.participation_get_for_user(
            user=request.user, participation_id=participation_id
        )
        comparisons = selectors.participation_compare(participation=participation)
        return Response(
            s.ParticipationComparisonOutput(
                {"participation": participation, "comparisons": comparisons}
            ).data
        )


# --- records (encrypted at rest), one list/create and one update/delete view per kind ------------
RECORD_SERIALIZERS = {
    "conditions": (s.ConditionOutput, s.ConditionCreateInput, s.ConditionUpdateInput),
    "medications": (s.MedicationOutput, s.MedicationCreateInput, s.MedicationUpdateInput),
    "allergies": (s.AllergyOutput, s.AllergyCreateInput, s.AllergyUpdateInput),
    "immunisations": (s.ImmunisationOutput, s.ImmunisationCreateInput, s.ImmunisationUpdateInput),
    "notes": (s.HealthNoteOutput, s.HealthNoteCreateInput, s.HealthNoteUpdateInput),
}
RECORD_NAMES = {
    "conditions": ("Condition", "conditions"),
    "medications": ("Medication", "medications (with reminder times)"),
    "allergies": ("Allergy", "allergies"),
    "immunisations": ("Immunisation", "immunisations"),
    "notes": ("HealthNote", "health notes"),
}


def _record_views(kind: str) -> tuple[type, type]:
    output, create_input, update_input = RECORD_SERIALIZERS[kind]
    entity, words = RECORD_NAMES[kind]

    class ListView(UserApi):
        @extend_schema(
            tags=TAG,
            summary=f"My {words}",
            responses={200: output(many=True), **errors(401, 403)},
            operation_id=f"health_records_{kind}_list",
        )
        def get(self, request):
            return Response(
                output(selectors.record_list(user=request.user, kind=kind), many=True).data
            )

        @extend_schema(
            tags=TAG,
            summary=f"Add to my {words} (stored encrypted)",
            request=create_input,
            responses={201: output, **errors(400, 401, 403)},
            operation_id=f"health_records_{kind}_create",
        )
        def post(self, request):
            data = create_input(data=request.data)
            data.is_valid(raise_exception=True)
            record = services.record_create(user=request.user, kind=kind, data=data.validated_data)
            return Response(output(record).data, status=status.HTTP_201_CREATED)

    class DetailView(UserApi):
        @extend_schema(
            tags=TAG,
            summary=f"Change one of my {words}",
            request=update_input,
            responses={200: output, **errors(400, 401, 403, 404)},
            operation_id=f"health_records_{kind}_update",
        )
        def patch(self, request, record_id):
            data = update_input(data=request.data, partial=True)
            data.is_valid(raise_exception=True)
            record = services.record_update(
                user=request.user, kind=kind, record_id=record_id, data=data.validated_data
            )
            return Response(output(record).data)

        @extend_schema(
            tags=TAG,
            summary=f"Delete one of my {words}",
            responses={204: None, **errors(401, 403, 404)},
            operation_id=f"health_records_{kind}_delete",
        )
        def delete(self, request, record_id):
            services.record_delete(user=request.user, kind=kind, record_id=record_id)
            return Response(status=status.HTTP_204_NO_CONTENT)

    ListView.__name__ = ListView.__qualname__ = f"{entity}ListView"
    DetailView.__name__ = DetailView.__qualname__ = f"{entity}DetailView"
    return ListView, DetailView


ConditionListView, ConditionDetailView = _record_views("conditions")
MedicationListView, MedicationDetailView = _record_views("medications")
AllergyListView, AllergyDetailView = _record_views("allergies")
ImmunisationListView, ImmunisationDetailView = _record_views("immunisations")
HealthNoteListView, HealthNoteDetailView = _record_views("notes")


class HealthDocumentListView(UserApi):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=TAG,
        summary="My health documents (links work for a few minutes)",
        responses={200: s.HealthDocumentOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        rows = selectors.record_list(user=request.user, kind="documents")
        return Response(s.HealthDocumentOutput(rows, many=True, context={"request": request}).data)

    @extend_schema(
        tags=TAG,
        summary="Upload a document: PDF or image, checked by its bytes, stored privately",
        request={"multipart/form-data": s.HealthDocumentCreateInput},
        responses={201: s.HealthDocumentOutput, **errors(400, 401, 403, 413, 415)},
    )
    def post(self, request):
        data = s.HealthDocumentCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_upload(
            user=request.user,
            title=data.validated_data["title"],
            upload=data.validated_data["file"],
        )
        return Response(
            s.HealthDocumentOutput(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class HealthDocumentDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Delete one of my documents (the file goes too)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def delete(self, request, document_id):
        services.record_delete(user=request.user, kind="documents", record_id=document_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- consent, access log, member token ------------------------------------------------------------
def _consent_out(member) -> dict:
    level = selectors.consent_level_current(user=member)
    return s.ConsentOutput(
        {
            "level": level,
            "shared_fields": list(sharing.LEVEL_FIELDS[level]),
            "history": selectors.consent_history(user=member)[:50],
        }
    ).data


class ConsentView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My sharing level with the city (0, 1 or 2) and its history",
        responses={200: s.ConsentOutput, **errors(401, 403)},
    )
    def get(self, request):
        services.profile_ensure(user=request.user)
        return Response(_consent_out(request.user))

    @extend_schema(
        tags=TAG,
        summary="Change my sharing level (a new record; lowering stops sharing from now on)",
        request=s.ConsentUpdateInput,
        responses={200: s.ConsentOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.ConsentUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.consent_level_set(
            user=request.user, level=data.validated_data["level"], source=ConsentRecord.Source.APP
        )
        return Response(_consent_out(request.user))


class AccessEventPagination(CursorPagination):
    ordering = ("-at", "-id")


class AccessEventListView(UserApi, GenericAPIView):
    pagination_class = AccessEventPagination
    serializer_class = s.AccessEventOutput

    @extend_schema(
        tags=TAG,
        summary="Who else read my health data: staff, clinicians, city sharing (cursor pages)",
        responses={200: s.AccessEventOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.access_event_list(user=request.user))
        return self.get_paginated_response(s.AccessEventOutput(page, many=True).data)


class MemberTokenView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My member token for kiosks (show it as a QR code)",
        responses={200: s.MemberTokenOutput, **errors(401, 403)},
    )
    def get(self, request):
        token = services.member_token_get(user=request.user)
        profile = selectors.profile_get(user=request.user)
        issued = profile.member_token_rotated_at if profile else None
        return Response(s.MemberTokenOutput({"token": token, "issued_at": issued}).data)


class MemberTokenRotateView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Replace my member token (the old card or QR stops working at once)",
        request=None,
        responses={200: s.MemberTokenOutput, **errors(401, 403)},
    )
    def post(self, request):
        token = services.member_token_rotate(user=request.user)
        profile = selectors.profile_get(user=request.user)
        issued = profile.member_token_rotated_at if profile else None
        return Response(s.MemberTokenOutput({"token": token, "issued_at": issued}).data)


# --- share links and summaries --------------------------------------------------------------------
def _summary(user, *, expires_at=None) -> dict:
    latest = []
    seen: set[str] = set()
    for m in selectors.measurement_list(user=user)[:500]:
        if m.code in seen or m.code not in CODES:
            continue
        seen.add(m.code)
        latest.append(
            {
                "code": m.code,
                "label": str(CODES[m.code].label),
                "value": m.value,
                "unit": CODES[m.code].unit_label,
                "measured_at": m.measured_at,
            }
        )
    profile = selectors.profile_get(user=user)
    return {
        "name": user.display_name,
        "date_of_birth": user.date_of_birth,
        "sex": profile.sex if profile else "unknown",
        "latest": latest,
        "conditions": selectors.record_list(user=user, kind="conditions"),
        "medications": selectors.record_list(user=user, kind="medications").filter(active=True),
        "allergies": selectors.record_list(user=user, kind="allergies"),
        "immunisations": selectors.record_list(user=user, kind="immunisations"),
        "generated_at": timezone.now(),
        "expires_at": expires_at,
    }


class ShareLinkListView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My share links for clinicians",
        responses={200: s.ShareLinkOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        return Response(
            s.ShareLinkOutput(selectors.share_link_list(user=request.user), many=True).data
        )

    @extend_schema(
        tags=TAG,
        summary="Make a read-only, time-limited link to my summary (the token is shown once)",
        request=s.ShareLinkCreateInput,
        responses={201: s.ShareLinkCreatedOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.ShareLinkCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        link, token = services.share_link_create(
            user=request.user,
            label=data.validated_data.get("label", ""),
            hours=data.validated_data["hours"],
        )
        link.token = token  # type: ignore[attr-defined]  # shown once, never stored
        return Response(s.ShareLinkCreatedOutput(link).data, status=status.HTTP_201_CREATED)


class ShareLinkRevokeView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Withdraw a share link now",
        request=None,
        responses={200: s.ShareLinkOutput, **errors(401, 403, 404)},
    )
    def post(self, request, share_link_id):
        link = services.share_link_revoke(user=request.user, share_link_id=share_link_id)
        return Response(s.ShareLinkOutput(link).data)


class SharedSummaryView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="A clinician opens a member's read-only summary with the share token (logged)",
        responses={200: s.HealthSummaryOutput, **errors(404)},
    )
    def get(self, request, token):
        link = services.share_link_open(token=token)
        response = Response(
            s.HealthSummaryOutput(_summary(link.user, expires_at=link.expires_at)).data
        )
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response


# --- staff ----------------------------------------------------------------------------------------
class StaffMemberSummaryView(StaffApi):
    department = "health"

    @extend_schema(
        tags=TAG,
        summary="Health staff read a member's summary, with a purpose (logged for the member)",
        parameters=[s.StaffReadInput],
        responses={200: s.HealthSummaryOutput, **errors(400, 401, 403, 404)},
    )
    def get(self, request, member_id):
        data = s.StaffReadInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        member = sharing.staff_member_read(
            staff=request.user, member_id=member_id, purpose=data.validated_data["purpose"]
        )
        return Response(s.HealthSummaryOutput(_summary(member)).data)


class StaffMemberConsentView(StaffApi):
    department = "health"

    @extend_schema(
        tags=TAG,
        summary="Health staff record the sharing level a member asked for (logged and notified)",
        description="A new consent record with source `staff`; the member's access log shows who "
        "and why, and the member is notified so they can check or undo it in the app.",
        request=s.StaffConsentInput,
        responses={200: s.ConsentOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request, member_id):
        data = s.StaffConsentInput(data=request.data)
        data.is_valid(raise_exception=True)
        member = sharing.staff_consent_set(
            staff=request.user,
            member_id=member_id,
            level=data.validated_data["level"],
            purpose=data.validated_data["purpose"],
        )
        return Response(_consent_out(member))


class CitySharingExportView(StaffApi):
    department = "health"

    @extend_schema(
        tags=TAG,
        summary="City-sharing export: pseudonymised rows, exactly the fields each level allows",
        parameters=[s.StaffReadInput],
        responses={200: s.CitySharingExportOutput, **errors(400, 401, 403)},
    )
    def get(self, request):
        data = s.StaffReadInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        rows = sharing.city_export(staff=request.user, purpose=data.validated_data["purpose"])
        return Response({"generated_at": timezone.now().isoformat(), "rows": rows})


class CityStatisticsView(StaffApi):
    department = "health"

    @extend_schema(
        tags=TAG,
        summary="Aggregate statistics from level-1/2 sharing only, and satisfaction (KPI ≥ 90 %)",
        responses={200: s.CityStatisticsOutput, **errors(401, 403)},
    )
    def get(self, request):
        stats = sharing.city_statistics()
        satisfaction = sharing.satisfaction_summary()
        stats["satisfaction_responses"] = satisfaction["responses"]
        stats["satisfaction_positive_percent"] = satisfaction["positive_percent"]
        return Response(s.CityStatisticsOutput(stats).data)


# --- surveys, prompts, guide ----------------------------------------------------------------------
def _survey_out(survey: dict) -> dict:
    lang = _lang()
    return {
        "slug": survey["slug"],
        "title": survey[f"title_{lang}"],
        "intro": survey[f"intro_{lang}"],
        "questions": [
            {
                "key": q["key"],
                "area": q["area"],
                "text": q[f"text_{lang}"],
                "options": [{"value": o["value"], "label": o[lang]} for o in q["options"]],
            }
            for q in survey["questions"]
        ],
    }


class SurveyDetailView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="A questionnaire (health behaviour, satisfaction) in the request's language",
        responses={200: s.SurveyOutput, **errors(404)},
    )
    def get(self, request, slug):
        survey = catalogue.surveys().get(slug)
        if survey is None:
            from apps.health.errors import HealthError

            raise HealthError.survey_unknown()
        return Response(s.SurveyOutput(_survey_out(survey)).data)


def _result_out(result: services.SurveyResult) -> dict:
    lang = _lang()
    survey = catalogue.surveys()[result.response.survey]
    max_score = sum(max(o["score"] for o in q["options"]) for q in survey["questions"])
    return {
        "id": result.response.pk,
        "survey": result.response.survey,
        "score": result.response.score,
        "max_score": max_score,
        "band": result.band["key"],
        "band_label": result.band[f"label_{lang}"],
        "advice": result.band[f"advice_{lang}"],
        "area_advice": result.advice,
        "area_scores": result.area_scores,
        "created_at": result.response.created_at,
    }


class SurveyResponseCreateView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Answer a questionnaire: a score, a result band and advice (answers encrypted)",
        request=s.HealthSurveyResponseCreateInput,
        responses={201: s.SurveyResultOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request, slug):
        data = s.HealthSurveyResponseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.survey_submit(
            user=request.user, slug=slug, answers=data.validated_data["answers"]
        )
        return Response(s.SurveyResultOutput(_result_out(result)).data, status=201)


class KeywordPromptView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Does this text call for the health-behaviour survey? (the text is not stored)",
        request=s.KeywordPromptInput,
        responses={200: s.KeywordPromptOutput, **errors(400)},
    )
    def post(self, request):
        data = s.KeywordPromptInput(data=request.data)
        data.is_valid(raise_exception=True)
        prompt = guide.keyword_prompt_match(text=data.validated_data["text"])
        if prompt is not None:
            services.content_use_record(
                user=request.user, content=ContentUse.Content.KEYWORD_PROMPT
            )
        out = {
            "matched": prompt is not None,
            "topic": prompt.topic if prompt else None,
            "message": prompt.message if prompt else None,
            "survey": prompt.survey if prompt else None,
        }
        return Response(s.KeywordPromptOutput(out).data)


class SymptomListView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Symptoms the department guide knows",
        responses={200: s.SymptomOutput(many=True)},
    )
    def get(self, request):
        return Response(s.SymptomOutput(guide.symptom_list(), many=True).data)


class SymptomGuideView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Which clinical department to ask, and hospitals nearby (not a diagnosis)",
        request=s.SymptomGuideInput,
        responses={200: s.SymptomGuideOutput, **errors(400)},
    )
    def post(self, request):
        data = s.SymptomGuideInput(data=request.data)
        data.is_valid(raise_exception=True)
        keys = list(data.validated_data.get("symptoms", []))
        if data.validated_data.get("text"):
            keys += guide.symptoms_from_text(text=data.validated_data["text"])
        keys = list(dict.fromkeys(keys))
        answer = guide.symptom_guide(
            symptoms=keys, lat=data.validated_data.get("lat"), lon=data.validated_data.get("lon")
        )
        services.content_use_record(user=request.user, content=ContentUse.Content.SYMPTOM_GUIDE)
        known = {x["key"] for x in guide.symptom_list()}
        out = {
            "symptoms": [k for k in keys if k in known],
            "departments": answer.departments,
            "hospitals": answer.hospitals,
            "urgent": answer.urgent,
            "notice": answer.notice,
        }
        return Response(s.SymptomGuideOutput(out).data)


# --- kiosks (signed device requests) --------------------------------------------------------------
class KioskMeasurementBatchView(DeviceApi):
    """Senior-centre and booth kiosks post readings for the member whose QR code or NFC card they
    read; a member is never picked by a typed name."""

    device_kinds = ("health_kiosk",)

    @extend_schema(
        tags=TAG,
        summary="Kiosk readings for a member identified by their token (signed device request)",
        request=s.KioskMeasurementBatchInput,
        responses={200: s.KioskMeasurementBatchOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request):
        data = s.KioskMeasurementBatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        results = services.kiosk_measurements_record(
            device=request.auth,
            member_token=data.validated_data["member_token"],
            source=data.validated_data["source"],
            readings=data.validated_data["readings"],
        )
        return Response(s.KioskMeasurementBatchOutput({"results": results}).data)


# --- FHIR R4 --------------------------------------------------------------------------------------
class FhirJSONRenderer(JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


class FhirJSONParser(JSONParser):
    media_type = "application/fhir+json"


class FhirNegotiation(DefaultContentNegotiation):
    """FHIR endpoints always answer application/fhir+json (FHIR R4 §3.1.0.3 lets a server do so
    for application/json and */* too); no ?format= switch."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PatientEverythingView(UserApi):
    """FHIR R4 ``Patient/$everything`` for the logged-in member: their whole record as a Bundle.
    Errors under this path answer FHIR OperationOutcomes (apps.core.errors.PROTOCOL_SHAPES)."""

    renderer_classes = [FhirJSONRenderer]
    content_negotiation_class = FhirNegotiation

    @extend_schema(
        tags=TAG,
        summary="FHIR R4 Bundle of my whole record (Patient/$everything)",
        operation_id="health_fhir_patient_everything",
        responses={
            200: OpenApiResponse(s.FhirBundleOutput, description="A FHIR R4 searchset Bundle."),
            401: OpenApiResponse(OpenApiTypes.OBJECT, description="OperationOutcome"),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="OperationOutcome"),
        },
    )
    def get(self, request):
        response = Response(fhir.bundle_everything(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="health-record.fhir.json"'
        return response


class FhirBundleImportView(UserApi):
    renderer_classes = [FhirJSONRenderer]
    content_negotiation_class = FhirNegotiation
    parser_classes = [FhirJSONParser, JSONParser]

    @extend_schema(
        tags=TAG,
        summary="Import a FHIR R4 Bundle of Observations (all or nothing; errors as OperationOutcome)",
        operation_id="health_fhir_bundle_import",
        request=s.FhirBundleInput,
        responses={
            200: OpenApiResponse(s.FhirBundleOutput, description="A batch-response Bundle."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="OperationOutcome"),
            401: OpenApiResponse(OpenApiTypes.OBJECT, description="OperationOutcome"),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="OperationOutcome"),
        },
    )
    def post(self, request):
        results = fhir.observations_import(user=request.user, bundle=request.data)
        return Response({"resourceType": "Bundle", "type": "batch-response", "entry": results})
