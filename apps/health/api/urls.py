from django.urls import path, re_path

from . import views as v

app_name = "health"

urlpatterns = [
    path("me/", v.HealthProfileView.as_view(), name="profile"),
    path("areas/", v.AreaListView.as_view(), name="areas"),
    path("codes/", v.MeasureCodeListView.as_view(), name="codes"),
    path("measurements/", v.MeasurementListView.as_view(), name="measurements"),
    path(
        "measurements/<uuid:measurement_id>/",
        v.MeasurementDetailView.as_view(),
        name="measurement-detail",
    ),
    path("trends/", v.TrendView.as_view(), name="trends"),
    path("programmes/", v.ParticipationListView.as_view(), name="participations"),
    path(
        "programmes/<uuid:participation_id>/comparison/",
        v.ParticipationComparisonView.as_view(),
        name="participation-comparison",
    ),
    path("records/conditions/", v.ConditionListView.as_view(), name="conditions"),
    path("records/conditions/<uuid:record_id>/", v.ConditionDetailView.as_view()),
    path("records/medications/", v.MedicationListView.as_view(), name="medications"),
    path("records/medications/<uuid:record_id>/", v.MedicationDetailView.as_view()),
    path("records/allergies/", v.AllergyListView.as_view(), name="allergies"),
    path("records/allergies/<uuid:record_id>/", v.AllergyDetailView.as_view()),
    path("records/immunisations/", v.ImmunisationListView.as_view(), name="immunisations"),
    path("records/immunisations/<uuid:record_id>/", v.ImmunisationDetailView.as_view()),
    path("records/notes/", v.HealthNoteListView.as_view(), name="notes"),
    path("records/notes/<uuid:record_id>/", v.HealthNoteDetailView.as_view()),
    path("documents/", v.HealthDocumentListView.as_view(), name="documents"),
    path("documents/<uuid:document_id>/", v.HealthDocumentDetailView.as_view()),
    path("consent/", v.ConsentView.as_view(), name="consent"),
    path("access-log/", v.AccessEventListView.as_view(), name="access-log"),
    path("member-token/", v.MemberTokenView.as_view(), name="member-token"),
    path("member-token/rotate/", v.MemberTokenRotateView.as_view(), name="member-token-rotate"),
    path("share-links/", v.ShareLinkListView.as_view(), name="share-links"),
    path(
        "share-links/<uuid:share_link_id>/revoke/",
        v.ShareLinkRevokeView.as_view(),
        name="share-link-revoke",
    ),
    path("shared/<str:token>/", v.SharedSummaryView.as_view(), name="shared-summary"),
    path("surveys/<slug:slug>/", v.SurveyDetailView.as_view(), name="survey"),
    path(
        "surveys/<slug:slug>/responses/",
        v.SurveyResponseCreateView.as_view(),
        name="survey-responses",
    ),
    path("prompts/", v.KeywordPromptView.as_view(), name="prompts"),
    path("guide/symptoms/", v.SymptomListView.as_view(), name="symptoms"),
    path("guide/", v.SymptomGuideView.as_view(), name="guide"),
    path("kiosk/measurements/", v.KioskMeasurementBatchView.as_view(), name="kiosk-measurements"),
    path("staff/members/<uuid:member_id>/summary/", v.StaffMemberSummaryView.as_view()),
    path("staff/members/<uuid:member_id>/consent/", v.StaffMemberConsentView.as_view()),
    path("staff/city-sharing/", v.CitySharingExportView.as_view(), name="city-sharing"),
    path("staff/statistics/", v.CityStatisticsView.as_view(), name="statistics"),
    # re_path: the "$" of FHIR's operation name is a literal here (path() would drop it from the
    # OpenAPI schema as a regex anchor)
    re_path(
        r"^fhir/Patient/\$everything$", v.PatientEverythingView.as_view(), name="fhir-everything"
    ),
    path("fhir/Bundle", v.FhirBundleImportView.as_view(), name="fhir-import"),
]
