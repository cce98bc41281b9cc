using Glyphh.Auth.Diagnostics.Internal;
using Glyphh.Auth.Problems.Internal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Turns Glyphh authorization failures into 403 problem+json naming the namespace and permission (or the allowlist).</summary>
internal sealed class GlyphhAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _fallback = new();
    private readonly AuthMetrics _metrics;

    public GlyphhAuthorizationResultHandler(AuthMetrics metrics) => _metrics = metrics;

    // The success path calls the next delegate directly: no async state machine around every authorized request.
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Succeeded ? next(context) : HandleFailureAsync(next, context, policy, authorizeResult);

    private async Task HandleFailureAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded && context.Features.Get<IpDeniedFeature>() is { } ip)
        {
            _metrics.Denied("ip-allowlist");
            await ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, "Forbidden",
                $"The client address is not in the '{ip.Allowlist}' IP allowlist.",
                ("reason", "ip-not-allowed"), ("allowlist", ip.Allowlist)).ConfigureAwait(false);
            return;
        }

        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<NamespaceDeniedReason>().FirstOrDefault() is { } denied)
        {
            var verb = GlyphhAuthorizationHandler.Verb(denied.Permission);
            if (denied.Namespace == GlyphhAuthDefaults.AllNamespaces)
            {
                _metrics.Denied("platform-admin");
                await ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, "Forbidden",
                    "This operation needs a platform admin ('admin' on '*').",
                    ("namespace", GlyphhAuthDefaults.AllNamespaces), ("permission", "admin")).ConfigureAwait(false);
                return;
            }

            _metrics.Denied("namespace");
            var detail = denied.Namespace is null
                ? "The endpoint names no namespace to check: " + denied.Message + "."
                : $"The caller has no '{verb}' permission on namespace '{denied.Namespace}'.";
            await ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, "Forbidden", detail,
                ("namespace", denied.Namespace), ("permission", verb)).ConfigureAwait(false);
            return;
        }

        await _fallback.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
