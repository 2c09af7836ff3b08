"""Creates the local development logins for `make run` (never used with DJANGO_DEBUG off): a
superuser, and one user per newsroom role so that each role's desk can be tried."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ROLE_USERS = {"editor": "编辑", "proofreader": "校对", "archivist": "档案管理员"}  # created by a migration


class Command(BaseCommand):
    help = "为本地开发创建管理员账号和各角色的示例账号（仅 DEBUG 模式）"

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin 只用于本地开发（DJANGO_DEBUG 未开启）")
        username = os.environ.get("NEWSROOM_DEV_ADMIN", "admin")
        password = os.environ.get("NEWSROOM_DEV_PASSWORD", "admin")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True, "email": ""}
        )
        if created:
            user.set_password(password)
            user.save()
        for role_user, group_name in ROLE_USERS.items():
            member, made = User.objects.get_or_create(username=role_user, defaults={"is_staff": True})
            if made:
                member.set_password(password)
                member.save()
                member.groups.add(Group.objects.get(name=group_name))
        shown = password if created else "（沿用已有密码）"
        site = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")
        self.stdout.write(
            self.style.SUCCESS(
                f"后台 {site}/admin/ 用户名 {username} 密码 {shown}；"
                f"各角色示例账号 editor（编辑）、proofreader（校对）、archivist（档案管理员），密码同上"
            )
        )
