"""CKEditor 5's image upload endpoint, behind the desk's permission checks.

Replaces django_ckeditor_5's own view (which only checks is_staff) under the same URL name, so the
editor widget finds it: only logged-in staff who may add or change articles can upload; files must
be real images of an allowed type within NEWSROOM_MAX_IMAGE_BYTES; EXIF/GPS is stripped and the file
is stored under a dated folder with a random name."""

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.uploads import clean_uploaded_image, dated_random_name

UPLOAD_PERMISSIONS = ("articles.change_article", "articles.add_article")


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"message": str(message)}}, status=status)


@require_POST
def upload_image(request):
    user = request.user
    if not user.is_authenticated:
        return _error(_("请先登录后台再上传图片。"), 403)
    if not (user.is_active and user.is_staff and any(user.has_perm(p) for p in UPLOAD_PERMISSIONS)):
        return _error(_("您没有上传图片的权限。"), 403)
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _error(_("没有收到图片文件。"), 400)
    try:
        cleaned = clean_uploaded_image(uploaded)
    except ValidationError as exc:
        return _error(" ".join(exc.messages), 400)
    storage = storages["default"]
    name = storage.save(dated_random_name("articles", cleaned.name), cleaned)
    return JsonResponse({"url": storage.url(name)})


urlpatterns = [path("image_upload/", upload_image, name="ck_editor_5_upload_file")]
