using Glyphh.Auth.Network.Internal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Glyphh.Auth.Diagnostics.Internal;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Evaluates namespace-permission, platform-admin and IP-allowlist requirements.</summary>
internal sealed class GlyphhAuthorizationHandler : IAuthorizationHandler
{
    private readonly string _defaultRouteValue;
    private readonly ClientAddressResolver _addresses;
    private readonly ILogger _logger;

    public GlyphhAuthorizationHandler(IOptions<GlyphhAuthOptions> options, ClientAddressResolver addresses, ILogger<GlyphhAuthorizationHandler> logger)
    {
        _defaultRouteValue = options.Value.NamespaceRouteValue;
        _addresses = addresses;
        _logger = logger;
    }

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var httpContext = context.Resource as HttpContext;
        // The policy's list and the pending set, read without copying either (no per-request list).
        if (context.Requirements is IReadOnlyList<IAuthorizationRequirement> requirements
            && context.PendingRequirements is ICollection<IAuthorizationRequirement> pending)
        {
            for (var i = 0; i < requirements.Count; i++)
            {
                if (pending.Contains(requirements[i]))
                {
                    HandleRequirement(context, httpContext, requirements[i]);
                }
            }
        }
        else
        {
            foreach (var requirement in context.PendingRequirements.ToList())
            {
                HandleRequirement(context, httpContext, requirement);
            }
        }

        return Task.CompletedTask;
    }

    private void HandleRequirement(AuthorizationHandlerContext context, HttpContext? httpContext, IAuthorizationRequirement requirement)
    {
        switch (requirement)
        {
            case NamespacePermissionRequirement ns:
                Handle(context, httpContext, ns);
                break;
            case PlatformAdminRequirement admin:
                if (context.User.IsPlatformAdmin())
                {
                    context.Succeed(admin);
                }
                else if (IsAuthenticated(context))
                {
                    Log.PlatformAdminDenied(_logger, context.User.FindFirst(GlyphhAuthDefaults.SubjectClaim)?.Value);
                    context.Fail(new NamespaceDeniedReason(this, GlyphhAuthDefaults.AllNamespaces, NamespacePermission.Admin, "a platform admin is required"));
                }

                break;
            case IpAllowlistRequirement ip:
                Handle(context, httpContext, ip);
                break;
        }
    }

    private void Handle(AuthorizationHandlerContext context, HttpContext? httpContext, NamespacePermissionRequirement requirement)
    {
        var routeValue = requirement.RouteValue ?? _defaultRouteValue;
        var @namespace = httpContext?.Request.RouteValues.TryGetValue(routeValue, out var value) == true ? value?.ToString() : null;
        if (string.IsNullOrEmpty(@namespace))
        {
            // Misconfigured endpoint (no such route value): refuse rather than guess.
            context.Fail(new NamespaceDeniedReason(this, null, requirement.Permission, $"the route has no '{routeValue}' value naming the namespace"));
            return;
        }

        if (context.User.HasNamespacePermission(@namespace, requirement.Permission))
        {
            context.Succeed(requirement);
        }
        else if (IsAuthenticated(context))
        {
            Log.NamespaceDenied(_logger, context.User.FindFirst(GlyphhAuthDefaults.SubjectClaim)?.Value, Verb(requirement.Permission), @namespace);
            context.Fail(new NamespaceDeniedReason(this, @namespace, requirement.Permission, $"missing '{Verb(requirement.Permission)}' on namespace '{@namespace}'"));
        }
    }

    private void Handle(AuthorizationHandlerContext context, HttpContext? httpContext, IpAllowlistRequirement requirement)
    {
        if (httpContext is null)
        {
            context.Fail();
            return;
        }

        if (!_addresses.Allowlists.TryGetValue(requirement.Allowlist, out var allowlist))
        {
            Log.AllowlistMissing(_logger, requirement.Allowlist);
        }

        var address = _addresses.Resolve(httpContext);
        if (allowlist is not null && allowlist.Contains(address))
        {
            context.Succeed(requirement);
            return;
        }

        Log.IpDenied(_logger, address, requirement.Allowlist);
        httpContext.Features.Set(new IpDeniedFeature(requirement.Allowlist));
        context.Fail();
    }

    private static bool IsAuthenticated(AuthorizationHandlerContext context) => context.User.Identities.Any(i => i.IsAuthenticated);

    internal static string Verb(NamespacePermission permission) => permission switch
    {
        NamespacePermission.Read => "read",
        NamespacePermission.Write => "write",
        _ => "admin",
    };
}
