#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): SARIF for code scanning, and
# annotations (`--format github`) on the lines a pull request changes or, on
# other events, on every finding. Writes the exit status of the annotation run
# (0 clean, 1 findings) to GITHUB_OUTPUT as `status`; a usage, configuration or
# I/O error (2) fails at once.
#
# Environment: FANOUT_PATHS (space-separated, default .), FANOUT_ARGS (more
# arguments for every run), FANOUT_SARIF (file to write, empty for none),
# FANOUT_ANNOTATIONS (true/false), and GitHub's GITHUB_EVENT_NAME,
# GITHUB_BASE_REF, GITHUB_OUTPUT.
set -uo pipefail

read -r -a paths <<<"${FANOUT_PATHS:-.}"
read -r -a args <<<"${FANOUT_ARGS:-}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)

if [ -n "${FANOUT_SARIF:-}" ]; then
  # Alerts are code scanning's to show: --exit-zero lets the upload happen.
  fanout check "${paths[@]}" ${args[@]+"${args[@]}"} --format sarif -o "$FANOUT_SARIF" --exit-zero
  status=$?
  if [ "$status" -ne 0 ]; then
    echo "::error title=fanout::fanout check --format sarif failed (exit status $status)" >&2
    exit "$status"
  fi
fi

status=0
if [ "${FANOUT_ANNOTATIONS:-true}" = true ]; then
  if [ "${GITHUB_EVENT_NAME:-}" = pull_request ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
    # Only the lines the pull request adds or changes (needs the base branch:
    # actions/checkout with fetch-depth: 0).
    fanout check --format github --changed-since "origin/$GITHUB_BASE_REF" ${args[@]+"${args[@]}"} -- "${paths[@]}"
  else
    fanout check --format github "${paths[@]}" ${args[@]+"${args[@]}"}
  fi
  status=$?
  if [ "$status" -ge 2 ]; then
    echo "::error title=fanout::fanout check failed (exit status $status)" >&2
    exit "$status"
  fi
fi
echo "status=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
