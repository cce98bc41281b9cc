using System.Runtime.CompilerServices;
using Glyphh.Auth.Authentication.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>
/// In front of ASP.NET Core's <see cref="AuthorizationMiddleware"/>: a request with a cached token's principal, to an
/// endpoint whose policy is made only of Glyphh requirements that the principal's grants satisfy, is passed on with
/// what that middleware would leave (the endpoint marked as authorized, the authentication result); the framework
/// would reach the same grant through the same evaluator and result handler. Every other request goes through the
/// framework's middleware unchanged.
/// </summary>
internal sealed class GlyphhAuthorizationLane
{
    // The key EndpointMiddleware looks for to know authorization ran for an endpoint with authorization metadata.
    private const string InvokedWithEndpointKey = "__AuthorizationMiddlewareWithEndpointInvoked";
    private const string SuppressHttpContextAsResource = "Microsoft.AspNetCore.Authorization.SuppressUseHttpContextAsAuthorizationResource";
    internal static readonly object InvokedWithEndpoint = new();

    private readonly RequestDelegate _framework;
    private readonly RequestDelegate _after;
    private readonly IAuthorizationPolicyProvider _policyProvider;
    private readonly ConditionalWeakTable<Endpoint, Plan> _plans = new();
    private readonly bool _enabled;
    private GlyphhPolicyEvaluator? _evaluator;
    private int _standard; // 0 unknown, 1 yes, 2 no

    public GlyphhAuthorizationLane(IServiceProvider services, RequestDelegate framework, RequestDelegate after)
    {
        _framework = framework;
        _after = after;
        _ = services.GetService<GlyphhAuthenticator>() ?? throw GlyphhAuthenticationLane.MissingServices();
        _policyProvider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        // A provider whose policies may change per call, or the endpoint-as-resource switch: always the framework's way.
        _enabled = _policyProvider.AllowsCachingPolicies
            && !(AppContext.TryGetSwitch(SuppressHttpContextAsResource, out var suppressed) && suppressed);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_enabled
            && context.User is SharedGlyphhPrincipal
            && context.GetEndpoint() is { } endpoint
            && PolicyOf(endpoint) is { } policy
            && context.Features.Get<IAuthenticateResultFeature>() is { } authenticated
            && Evaluator(context) is { } evaluator
            && evaluator.CachedAuthentication(policy, context) is { } result
            && evaluator.Grants(policy, context))
        {
            context.Items[InvokedWithEndpointKey] = InvokedWithEndpoint;
            authenticated.AuthenticateResult = result.Result;
            return _after(context);
        }

        return _framework(context);
    }

    /// <summary>The endpoint's combined policy when the lane may answer it (computed once per endpoint), else null.</summary>
    private AuthorizationPolicy? PolicyOf(Endpoint endpoint)
    {
        if (!_plans.TryGetValue(endpoint, out var plan))
        {
            plan = new Plan(Combine(endpoint));
            _plans.AddOrUpdate(endpoint, plan);
        }

        return plan.Policy;
    }

    private AuthorizationPolicy? Combine(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        // Anonymous access and requirement data take the framework's way (it lets the former through after authenticating).
        if (metadata.GetMetadata<IAllowAnonymous>() is not null || metadata.GetOrderedMetadata<IAuthorizationRequirementData>().Count > 0)
        {
            return null;
        }

        var combining = AuthorizationPolicy.CombineAsync(_policyProvider, metadata.GetOrderedMetadata<IAuthorizeData>(), metadata.GetOrderedMetadata<AuthorizationPolicy>());
        return combining.IsCompletedSuccessfully ? combining.Result : null;
    }

    /// <summary>The host's policy evaluator and result handler when both are Glyphh's (checked once), else null.</summary>
    private GlyphhPolicyEvaluator? Evaluator(HttpContext context)
    {
        var known = Volatile.Read(ref _standard);
        if (known == 0)
        {
            var services = context.RequestServices;
            _evaluator = services.GetService<IPolicyEvaluator>() as GlyphhPolicyEvaluator;
            var standard = _evaluator is not null && services.GetService<IAuthorizationMiddlewareResultHandler>() is GlyphhAuthorizationResultHandler;
            known = standard ? 1 : 2;
            Volatile.Write(ref _standard, known);
        }

        return known == 1 ? _evaluator : null;
    }

    private sealed record Plan(AuthorizationPolicy? Policy);
}
