from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from primaria.institutions.selectors import has_role, is_official


def official_required(*roles):
    """Back-office pages: only officials (with one of `roles`, if given); everyone else gets 404."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not is_official(request.user) or (roles and not has_role(request.user, *roles)):
                raise Http404()
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
