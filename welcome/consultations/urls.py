from django.urls import path

from welcome.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    path("worker/", views.request_form, {"kind": "worker"}, name="request_worker"),
    path("employer/", views.request_form, {"kind": "employer"}, name="request_employer"),
    path("r/<str:token>/", views.request_detail, name="request"),
    path("r/<str:token>/book/", views.book, name="book"),
    path("r/<str:token>/cancel/", views.cancel, name="cancel"),
    path("r/<str:token>/wait/", views.wait, name="wait"),
    path("r/<str:token>/leave/", views.leave_waiting_list, name="leave"),
    path("r/<str:token>/offer/<int:offer_id>/", views.offer, name="offer"),
    path("r/<str:token>/change/", views.change, name="change"),
    path("r/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("staff/slots/", views.staff_slots, name="staff_slots"),
    path("staff/slots/new/", views.staff_slot_series, name="staff_slot_series"),
    path("staff/slots/<int:slot_id>/delete/", views.staff_slot_delete, name="staff_slot_delete"),
    path("staff/calendar/", views.staff_calendar, name="staff_calendar"),
    path("staff/calendar/week/", views.staff_calendar_week, name="staff_calendar_week"),
    path("staff/calendar/book/", views.staff_book, name="staff_book"),
    path("staff/bookings/<int:booking_id>/", views.staff_booking, name="staff_booking"),
    path(
        "staff/bookings/<int:booking_id>/move/",
        views.staff_booking_move,
        name="staff_booking_move",
    ),
    path(
        "staff/bookings/<int:booking_id>/cancel/",
        views.staff_booking_cancel,
        name="staff_booking_cancel",
    ),
]
