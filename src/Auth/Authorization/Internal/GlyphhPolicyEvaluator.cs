using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Diagnostics.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>
/// The policy evaluator, with a shortcut for the one case whose answer is known without the generic machinery: a
/// cached token's shared principal under a policy made only of Glyphh requirements (authenticated user, namespace
/// permission, platform admin) on the Glyphh scheme, in a host whose authorization services are the framework's own
/// with no other handler. Only a grant takes the shortcut; anything else (a denial, another handler or scheme, debug
/// logging of authorization) goes through ASP.NET Core's <see cref="PolicyEvaluator"/> exactly as before.
/// </summary>
internal sealed class GlyphhPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Granted = Task.FromResult(PolicyAuthorizationResult.Success());

    private readonly string _defaultRouteValue;
    private readonly ILogger _authorizationLogger;
    private int _standardServices; // 0 unknown, 1 yes, 2 no: the registrations do not change once the host is built.

    private readonly FrameworkMetrics _frameworkMetrics;

    public GlyphhPolicyEvaluator(IOptions<GlyphhAuthOptions> options, ILoggerFactory loggers, FrameworkMetrics frameworkMetrics)
    {
        _defaultRouteValue = options.Value.NamespaceRouteValue;
        _frameworkMetrics = frameworkMetrics;
        // The category DefaultAuthorizationService logs its decisions under: when someone reads them, take the long way.
        _authorizationLogger = loggers.CreateLogger(typeof(DefaultAuthorizationService).FullName!);
    }

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        return CachedAuthentication(policy, context) ?? Fallback(context).AuthenticateAsync(policy, context);
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        if (ReferenceEquals(resource, context) && Grants(policy, context))
        {
            return Granted;
        }

        return Fallback(context).AuthorizeAsync(policy, authenticationResult, context, resource);
    }

    /// <summary>
    /// True when the framework's evaluation of <paramref name="policy"/> for the request's user is known to grant and
    /// nothing observes it being skipped: a cached token's shared principal, Glyphh requirements that all hold, the
    /// framework's authorization services, no debug log of decisions and no listener on ASP.NET Core's authorization
    /// metrics (the authorization fast lane asks the same).
    /// </summary>
    public bool Grants(AuthorizationPolicy policy, HttpContext context) =>
        context.User is SharedGlyphhPrincipal { Identity: GlyphhIdentity identity }
        && !_authorizationLogger.IsEnabled(LogLevel.Debug)
        && !_frameworkMetrics.AuthorizationObserved
        && Grants(policy, identity.Grants, context)
        && StandardServices(context);

    /// <summary>
    /// The policy would authenticate the Glyphh scheme again: the cached answer this request already got is that
    /// result. Null when it is not that case, or while ASP.NET Core's authentication metrics (which would measure that
    /// authentication) are listened to.
    /// </summary>
    public Task<AuthenticateResult>? CachedAuthentication(AuthorizationPolicy policy, HttpContext context) =>
        context.User is SharedGlyphhPrincipal { Result: { } result } && IsGlyphhScheme(policy, result.Result)
        && !_frameworkMetrics.AuthenticationObserved
            ? result
            : null;

    private static PolicyEvaluator Fallback(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IAuthorizationService>());

    private static bool IsGlyphhScheme(AuthorizationPolicy policy, AuthenticateResult result) =>
        policy.AuthenticationSchemes.Count == 1 && result.Ticket?.AuthenticationScheme is { } scheme
        && string.Equals(policy.AuthenticationSchemes[0], scheme, StringComparison.Ordinal);

    /// <summary>True only when every requirement is a Glyphh one (or authenticated-user) and each holds.</summary>
    private bool Grants(AuthorizationPolicy policy, NamespaceGrants grants, HttpContext context)
    {
        var requirements = policy.Requirements;
        if (requirements.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < requirements.Count; i++)
        {
            switch (requirements[i])
            {
                case DenyAnonymousAuthorizationRequirement:
                    break; // The shared principal's identity is authenticated.
                case NamespacePermissionRequirement ns:
                    var routeValue = ns.RouteValue ?? _defaultRouteValue;
                    if (!context.Request.RouteValues.TryGetValue(routeValue, out var value) || value is not string { Length: > 0 } @namespace
                        || !grants.Allows(@namespace, ns.Permission))
                    {
                        return false;
                    }

                    break;
                case PlatformAdminRequirement:
                    if (!grants.IsPlatformAdmin)
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether authorization is the framework's own with only the pass-through and Glyphh handlers (checked once).</summary>
    private bool StandardServices(HttpContext context)
    {
        var known = Volatile.Read(ref _standardServices);
        if (known == 0)
        {
            var services = context.RequestServices;
            var framework = typeof(DefaultAuthorizationService).Assembly;
            var standard = services.GetService<IAuthorizationService>()?.GetType().Assembly == framework
                && services.GetService<IAuthorizationHandlerProvider>()?.GetType().Assembly == framework
                && services.GetService<IAuthorizationEvaluator>()?.GetType().Assembly == framework
                && services.GetService<IAuthorizationHandlerContextFactory>()?.GetType().Assembly == framework
                && services.GetServices<IAuthorizationHandler>().All(h => h is PassThroughAuthorizationHandler or GlyphhAuthorizationHandler);
            known = standard ? 1 : 2;
            Volatile.Write(ref _standardServices, known);
        }

        return known == 1;
    }
}
