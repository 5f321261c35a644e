/**
 * The dashboard's one script, served as `/dashboard.js` (the Content-Security-Policy allows
 * scripts from the app's own origin only, none inline). Plain browser JavaScript, no build step:
 *
 * - it listens at `/events` for changes of the signed-in user's roles, which the app relays
 *   from Guildhall's event stream;
 * - on a change it refreshes silently (`POST /dashboard/refresh`: a new ID token and a new
 *   organization token, as re-rendered sections), then says what changed in a polite live
 *   region;
 * - it calls the app's API with the organization token (`GET /api/organizations/{id}/me`) and,
 *   when the API answers 401 `token_stale`, refreshes once and retries.
 */
export const DASHBOARD_SCRIPT = String.raw`"use strict";
(function () {
  var live = document.getElementById("dashboard-live");
  var notice = document.getElementById("live-notice");
  if (!live || !notice) return;
  var csrf = live.dataset.csrf || "";

  function selectedSection() {
    return live.querySelector("[data-organization-id]");
  }

  // One refresh at a time across the user's tabs: Guildhall rotates the refresh token, and a
  // tab refreshing with the one another tab just replaced would be refused as a reuse.
  function exclusive(task) {
    return navigator.locks ? navigator.locks.request("customer-app-refresh", task) : task();
  }

  /** Resolves true once the live sections show the new tokens, false when signed out. */
  function refresh() {
    return exclusive(async function () {
      var response = await fetch("/dashboard/refresh", {
        method: "POST",
        headers: { "x-csrf-token": csrf, accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.status === 401) {
        location.assign("/?notice=expired");
        return false;
      }
      if (!response.ok) throw new Error("the app answered " + response.status);
      var body = await response.json();
      live.innerHTML = body.html;
      return true;
    });
  }

  /** The page's API client: the organization token as a Bearer token, one retry when stale. */
  async function checkAccess(retried) {
    var section = selectedSection();
    var out = section && section.querySelector("[data-api-check]");
    if (!section || !out || !section.dataset.accessToken) return;
    var response = await fetch(
      "/api/organizations/" + encodeURIComponent(section.dataset.organizationId) + "/me",
      { headers: { authorization: "Bearer " + section.dataset.accessToken } },
    );
    var body = await response.json().catch(function () {
      return {};
    });
    if (response.status === 401 && body.error === "token_stale" && !retried) {
      out.textContent = "The app's API refused this token as stale: getting a new one…";
      if (await refresh()) await checkAccess(true);
      return;
    }
    out.textContent = response.ok
      ? "The app's API accepts this token: " +
        (body.permissions.length ? body.permissions.join(", ") : "no permissions") +
        "."
      : "The app's API refused this token (" + response.status + " " + (body.error || "error") + ").";
  }

  function roleNames(roles) {
    return roles.length ? roles.join(", ") : "no roles";
  }

  function announce(text) {
    // Emptied first, so the same sentence twice is announced twice.
    notice.textContent = "";
    notice.textContent = text;
  }

  function describe(change) {
    if (change.removed) return "You are no longer a member of " + change.organization + ".";
    return (
      "Your roles in " + change.organization + " changed: " +
      roleNames(change.before) + " → " + roleNames(change.after)
    );
  }

  var changes = new EventSource("/events");
  changes.addEventListener("roles-changed", function (event) {
    var change = JSON.parse(event.data);
    refresh()
      .then(function (ok) {
        if (!ok) return;
        announce(describe(change));
        return checkAccess(false);
      })
      .catch(function (error) {
        announce("Your roles changed, but this page could not update: reload it. (" + error.message + ")");
      });
  });

  checkAccess(false).catch(function (error) {
    var out = live.querySelector("[data-api-check]");
    if (out) out.textContent = "Could not reach the app's API: " + error.message;
  });
})();
`;
