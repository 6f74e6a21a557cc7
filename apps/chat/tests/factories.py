import factory

from apps.chat.models import KnowledgeEntry


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnowledgeEntry

    external_id = factory.Sequence(lambda n: f"test-{n:04d}")
    language = "ko"
    category = "test"
    title = factory.Sequence(lambda n: f"시험 항목 {n}")
    answer = "시험 답변입니다."
    status = KnowledgeEntry.Status.PUBLISHED
