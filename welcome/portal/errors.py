from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A tampered or expired form: explain in the user's language instead of Django's page."""
    return render(request, "403_csrf.html", status=403)
