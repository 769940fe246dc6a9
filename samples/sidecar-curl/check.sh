#!/usr/bin/env sh
# Ask a local `heed sidecar` whether a subject's data may be used for a purpose, from any language
# that can send HTTP: here POSIX sh and curl. Exit code 0 = allowed, 4 = denied, 1 = no answer.
#
#   samples/sidecar-curl/check.sh user:42 marketing.communications.email
#   HEED_SIDECAR=http://127.0.0.1:8181 samples/sidecar-curl/check.sh email:alice@example.com analytics
#
# A denial is an answer like any other; only when the sidecar cannot be reached or refuses the request
# is there no decision, and the caller must then fail closed (treat it as denied).
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 SUBJECT PURPOSE [TOKEN]" >&2
  exit 1
fi

sidecar="${HEED_SIDECAR:-http://127.0.0.1:8181}"
subject=$1 purpose=$2 token=${3:-}

# JSON string escaping for the two characters that can break the body; subjects are otherwise plain text.
esc() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
body="{\"subject\":\"$(esc "$subject")\",\"purpose\":\"$(esc "$purpose")\",\"service\":\"sidecar-curl\"${token:+,\"token\":$token}}"

answer=$(curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' -d "$body" "$sidecar/v1/check") || {
  echo "no decision (fail closed): $answer" >&2
  exit 1
}
echo "$answer"
case $answer in
  *'"allowed":true'*) exit 0 ;;
  *) exit 4 ;;
esac
