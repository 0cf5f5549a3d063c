"""Follow-Through: keep a recruiter's promises and pace their follow-ups."""

__version__ = "0.1.0"

#: The app's name wherever it names itself: the Qt application, notifications, the tray's
#: tooltip and messages, the command line's doctor.
APP_NAME = "Follow-Through"

#: The reverse-DNS identifier of the app on macOS (bundle id, LaunchAgent label).
BUNDLE_ID = "app.follow-through.FollowThrough"
