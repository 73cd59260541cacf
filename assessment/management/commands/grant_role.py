from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessment.models import Membership, Region, Role

LEVEL_FOR_ROLE = {Role.ASSESSOR: "county", Role.REVIEWER: "city", Role.ADMIN: "province"}


class Command(BaseCommand):
    help = "为用户分配自评估角色：assessor（县）、reviewer（市）、admin（省）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("region_code", help="区划代码，如 211221")
        parser.add_argument("--create-user", metavar="PASSWORD", help="用户不存在时以此密码创建")
        parser.add_argument("--token", action="store_true", help="同时签发一个接口令牌并打印")

    def handle(self, *args, **opts):
        User = get_user_model()
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            if not opts["create_user"]:
                raise CommandError(f"用户“{opts['username']}”不存在；如需创建请加 --create-user 密码。")
            user = User.objects.create_user(opts["username"], password=opts["create_user"])
        region = Region.objects.filter(code=opts["region_code"]).first()
        if region is None:
            raise CommandError(f"区划代码 {opts['region_code']} 不存在：请先运行 manage.py seed_regions。")
        if region.level != LEVEL_FOR_ROLE[opts["role"]]:
            wanted = Region.RegionLevel(LEVEL_FOR_ROLE[opts["role"]]).label
            raise CommandError(f"{Role(opts['role']).label}应分配在“{wanted}”级区划上，{region.name}是“{region.get_level_display()}”。")
        Membership.objects.get_or_create(user=user, role=opts["role"], region=region)
        self.stdout.write(f"{user.username}：{Role(opts['role']).label} · {region.name}")
        if opts["token"]:
            from assessment.models import ApiToken

            self.stdout.write(f"接口令牌（只显示一次）：{ApiToken.issue(user, 'cli')}")
