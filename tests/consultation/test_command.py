import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_grant_consultation_roles(standard_version):
    from consultation.models import ConsultationMember, DraftingGroupMember
    from content.models import Organisation

    Organisation.objects.create(key="cs-cmd-unit", name="丙市卫生健康委员会")
    call_command("grant_consultation_role", "cmd-unit", "submitter", "cs-cmd-unit", create_user="pw-12345")
    assert ConsultationMember.objects.get(user__username="cmd-unit").organisation.name == "丙市卫生健康委员会"
    call_command("grant_consultation_role", "cmd-unit", "drafter", standard_version.work.key)
    assert DraftingGroupMember.objects.get(user__username="cmd-unit").work == standard_version.work
    with pytest.raises(CommandError, match="单位标识“nope”不存在"):
        call_command("grant_consultation_role", "cmd-unit", "submitter", "nope")
    with pytest.raises(CommandError, match="用户“ghost”不存在"):
        call_command("grant_consultation_role", "ghost", "drafter", standard_version.work.key)
