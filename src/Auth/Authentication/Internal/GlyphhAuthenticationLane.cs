using System.Security.Claims;
using Glyphh.Auth.Diagnostics.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// In front of ASP.NET Core's <see cref="AuthenticationMiddleware"/>: a request whose default scheme is Glyphh and whose
/// bearer token is cached gets what that middleware would leave (the user, the authentication features) without the
/// request-scoped authentication service, handler provider and result copies; every other request goes through the
/// framework's middleware unchanged. While ASP.NET Core's authentication metrics are listened to, all requests do.
/// </summary>
internal sealed class GlyphhAuthenticationLane
{
    private readonly RequestDelegate _framework;
    private readonly RequestDelegate _after;
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly GlyphhAuthenticator _core;
    private readonly FrameworkMetrics _frameworkMetrics;
    private int _standard; // 0 unknown, 1 yes, 2 no: registrations do not change once the host is built.

    public GlyphhAuthenticationLane(IServiceProvider services, RequestDelegate framework, RequestDelegate after)
    {
        _framework = framework;
        _after = after;
        _core = services.GetService<GlyphhAuthenticator>() ?? throw MissingServices();
        _schemes = services.GetRequiredService<IAuthenticationSchemeProvider>();
        _frameworkMetrics = services.GetRequiredService<FrameworkMetrics>();
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_frameworkMetrics.AuthenticationObserved
            && _schemes.GetRequestHandlerSchemesAsync() is { IsCompletedSuccessfully: true } handlers
            && handlers.Result.TryGetNonEnumeratedCount(out var count) && count == 0
            && _schemes.GetDefaultAuthenticateSchemeAsync() is { IsCompletedSuccessfully: true, Result: { } scheme }
            && scheme.HandlerType == typeof(GlyphhAuthenticationHandler)
            && StandardServices(context)
            && _core.TryCached(context, scheme.Name) is { } cached)
        {
            var result = cached.Result;
            _core.Authenticated(scheme.Name, result);
            // What AuthenticationMiddleware sets, in its order.
            context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature { OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase });
            context.User = result.Principal!;
            var features = new ResultFeatures(cached);
            context.Features.Set<IHttpAuthenticationFeature>(features);
            context.Features.Set<IAuthenticateResultFeature>(features);
            return _after(context);
        }

        return _framework(context);
    }

    internal static InvalidOperationException MissingServices() =>
        new("UseGlyphhAuthentication() and UseGlyphhAuthorization() need the Glyphh auth services: call builder.Services.AddGlyphhAuth(...) first.");

    /// <summary>
    /// The framework's authentication service and handler provider, and no claims transformation that could change the
    /// principal: what makes the lane's answer the one the framework would give (checked once).
    /// </summary>
    private bool StandardServices(HttpContext context)
    {
        var known = Volatile.Read(ref _standard);
        if (known == 0)
        {
            var services = context.RequestServices;
            var framework = typeof(AuthenticationService).Assembly;
            var standard = services.GetService<IAuthenticationService>()?.GetType().Assembly == framework
                && services.GetService<IAuthenticationHandlerProvider>() is GlyphhHandlerProvider or AuthenticationHandlerProvider
                && services.GetService<IClaimsTransformation>() is null or NoopClaimsTransformation or GlyphhClaimsTransformation;
            known = standard ? 1 : 2;
            Volatile.Write(ref _standard, known);
        }

        return known == 1;
    }

    /// <summary>
    /// The two authentication features over one result, as the framework's own (internal) class behaves, and the lane's
    /// answer for the handler made later in the request (see <see cref="GlyphhAuthenticationHandler.InitializeAsync"/>).
    /// </summary>
    internal sealed class ResultFeatures(Task<AuthenticateResult> lane) : IHttpAuthenticationFeature, IAuthenticateResultFeature
    {
        private ClaimsPrincipal? _user = lane.Result.Principal;
        private AuthenticateResult? _result = lane.Result;

        /// <summary>The default scheme's authentication the lane answered, as the framework's handler would have kept it.</summary>
        public Task<AuthenticateResult> Lane { get; } = lane;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
