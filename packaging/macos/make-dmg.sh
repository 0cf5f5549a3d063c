#!/usr/bin/env bash
# make-dmg.sh -- sign, package and notarise Follow-Through.app as a drag-to-Applications DMG.
#
#   bash packaging/macos/make-dmg.sh dist/Follow-Through.app dist/Follow-Through-0.1.0.dmg
#
# Signing and notarisation run only where an Apple identity is configured, through these
# environment variables; without them the DMG is still made, unsigned, and this says so.
#
#   MACOS_SIGN_IDENTITY    "Developer ID Application: Name (TEAMID)", in the login keychain
#   MACOS_NOTARY_PROFILE   a profile stored with `xcrun notarytool store-credentials`, or all of:
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   (an app-specific password)
#
# An unsigned app opens only through right-click > Open, and macOS asks for notification
# permission only for a signed app with a bundle id (the spec gives it one).
set -euo pipefail
app=${1:?usage: make-dmg.sh APP DMG}
dmg=${2:?usage: make-dmg.sh APP DMG}
here=$(cd "$(dirname "$0")" && pwd)
identity=${MACOS_SIGN_IDENTITY:-}

sign() {  # hardened runtime and a timestamp: both are required for notarisation
  codesign --force --timestamp --options runtime \
    --entitlements "$here/entitlements.plist" --sign "$identity" "$@"
}

if [[ -n $identity ]]; then
  echo "signing $app as $identity"
  # Inside out: every library and executable first, then the bundle itself.
  while IFS= read -r -d '' file; do
    if file -b "$file" | grep -q 'Mach-O'; then
      sign "$file"
    fi
  done < <(find "$app/Contents" -type f -print0)
  sign "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
else
  echo "NOT SIGNED: no Apple identity configured (set MACOS_SIGN_IDENTITY); the app and DMG"
  echo "are unsigned, Gatekeeper will warn, and macOS may refuse notifications."
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -quiet -volname "Follow-Through" -srcfolder "$staging" -fs HFS+ \
  -format UDZO -ov "$dmg"
echo "disk image $dmg"

if [[ -z $identity ]]; then
  echo "NOT NOTARISED: notarisation needs a signed app."
  exit 0
fi
codesign --force --timestamp --sign "$identity" "$dmg"
if [[ -n ${MACOS_NOTARY_PROFILE:-} ]]; then
  credentials=(--keychain-profile "$MACOS_NOTARY_PROFILE")
elif [[ -n ${APPLE_ID:-} && -n ${APPLE_TEAM_ID:-} && -n ${APPLE_APP_PASSWORD:-} ]]; then
  credentials=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
else
  echo "NOT NOTARISED: set MACOS_NOTARY_PROFILE, or APPLE_ID, APPLE_TEAM_ID and"
  echo "APPLE_APP_PASSWORD; the DMG is signed but Gatekeeper will warn on other Macs."
  exit 0
fi
echo "notarising $dmg (this waits for Apple's answer)"
xcrun notarytool submit "$dmg" "${credentials[@]}" --wait
xcrun stapler staple "$dmg"
xcrun stapler validate "$dmg"
echo "signed, notarised and stapled: $dmg"
