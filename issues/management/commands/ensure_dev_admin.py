"""Creates the local development login for `make run` (never used with DJANGO_DEBUG off)."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "为本地开发创建管理员账号（仅 DEBUG 模式）"

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
        self.stdout.write(
            self.style.SUCCESS(
                f"后台 http://127.0.0.1:8000/admin/ 用户名 {username} 密码 "
                f"{password if created else '（沿用已有密码）'}"
            )
        )
