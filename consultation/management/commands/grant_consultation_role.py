from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from consultation.models import ConsultationMember, ConsultationRole, DraftingGroupMember
from content.models import Organisation, Work


class Command(BaseCommand):
    help = "为用户分配征求意见角色：submitter（意见提交人，属于某单位）或 drafter（起草组成员，属于某文件）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=["submitter", "drafter"])
        parser.add_argument("target", help="submitter：单位标识（组织机构 key）；drafter：文件标识（work key）")
        parser.add_argument("--create-user", metavar="PASSWORD", help="用户不存在时以此密码创建")

    def handle(self, *args, **opts):
        User = get_user_model()
        user = User.objects.filter(username=opts["username"]).first()
        if opts["role"] == "submitter":
            target = Organisation.objects.filter(key=opts["target"]).first()
            if target is None:
                raise CommandError(f"单位标识“{opts['target']}”不存在：请先在后台“组织机构”中添加该单位。")
        else:
            target = Work.objects.filter(key=opts["target"]).first()
            if target is None:
                raise CommandError(f"文件标识“{opts['target']}”不存在。")
        if user is None:
            if not opts["create_user"]:
                raise CommandError(f"用户“{opts['username']}”不存在；如需创建请加 --create-user 密码。")
            user = User.objects.create_user(opts["username"], password=opts["create_user"])
        if opts["role"] == "submitter":
            ConsultationMember.objects.get_or_create(user=user, organisation=target, role=ConsultationRole.SUBMITTER)
            self.stdout.write(f"{user.username}：意见提交人 · {target.name}")
        else:
            DraftingGroupMember.objects.get_or_create(user=user, work=target)
            self.stdout.write(f"{user.username}：起草组成员 · {target.title}")
