using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Auth.Tests;

/// <summary>
/// <c>UseGlyphhAuthentication()</c> / <c>UseGlyphhAuthorization()</c> against the framework's plain calls: the same
/// requests in the same order to two hosts that differ only in those two lines must get the same answers and leave the
/// endpoint the same user and features; the lanes must really be taken for a cached token, and step aside whenever the
/// framework's own path would differ or be observed.
/// </summary>
public sealed class FastLaneTests
{
    private const string ProbeKey = "test.authenticated-before-authorization";
    private const string ApiKey = "fast-lane-api-key-0123456789";

    [Fact]
    public async Task Lanes_AnswerEveryRequestAsTheFrameworkMiddleware()
    {
        await using var lanes = await LaneHost.StartAsync(useLanes: true);
        await using var plain = await LaneHost.StartAsync(useLanes: false);
        var reader = Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));
        var admin = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["admin"] }, sub: "root"));
        var shortLived = Tokens.Hs256(Tokens.Claims(ns: "my-model", expiresIn: TimeSpan.FromMinutes(2)));
        var forged = reader[..^2] + (reader[^2] == 'A' ? 'B' : 'A') + reader[^1];

        (string Path, string? Authorization, string? ApiKeyHeader)[] requests =
        [
            ("/namespaces/my-model/items", "Bearer " + reader, null), // first sight: the framework's path in both
            ("/namespaces/my-model/items", "Bearer " + reader, null), // cached: the lanes
            ("/namespaces/my-model/items", "bearer " + reader, null),
            ("/namespaces/other/items", "Bearer " + reader, null),
            ("/namespaces/my-model/write", "Bearer " + reader, null),
            ("/platform", "Bearer " + reader, null),
            ("/platform", "Bearer " + admin, null),
            ("/platform", "Bearer " + admin, null),
            ("/namespaces/anything/items", "Bearer " + admin, null),
            ("/no-route-value", "Bearer " + reader, null),
            ("/namespaces/my-model/items", null, null),
            ("/namespaces/my-model/items", "Bearer " + forged, null),
            ("/namespaces/my-model/items", "Bearer " + reader, ApiKey),
            ("/namespaces/my-model/items", null, ApiKey),
            ("/namespaces/my-model/items", null, "wrong-key"),
            ("/open", "Bearer " + reader, null),
            ("/anonymous", "Bearer " + reader, null),
            ("/anonymous", null, null),
            ("/by-claim", "Bearer " + reader, null),
            ("/namespaces/my-model/items", "Bearer " + shortLived, null),
            ("/namespaces/my-model/items", "Bearer " + shortLived, null),
        ];

        for (var round = 0; round < 2; round++)
        {
            foreach (var (path, authorization, apiKey) in requests)
            {
                var fromLanes = await lanes.SendAsync(path, authorization, apiKey);
                var fromPlain = await plain.SendAsync(path, authorization, apiKey);
                Assert.True(fromPlain == fromLanes, $"Round {round}, GET {path}: lanes answered {fromLanes}, the framework {fromPlain}.");
            }

            // The short-lived token expires in both hosts: the cached entry must not outlive it in the lane.
            lanes.Time.Advance(TimeSpan.FromMinutes(3));
            plain.Time.Advance(TimeSpan.FromMinutes(3));
        }

        var expired = await lanes.SendAsync("/namespaces/my-model/items", "Bearer " + shortLived, null);
        Assert.Equal(401, expired.Status);
    }

    [Fact]
    public async Task CachedToken_TakesBothLanes_FirstSightAndTheFrameworkHostDoNot()
    {
        await using var lanes = await LaneHost.StartAsync(useLanes: true);
        await using var plain = await LaneHost.StartAsync(useLanes: false);
        var token = "Bearer " + Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));

        var first = await lanes.SendAsync("/namespaces/my-model/items", token, null);
        Assert.Equal((200, false, false), (first.Status, first.AuthenticationLane, first.AuthorizationLane));
        var cached = await lanes.SendAsync("/namespaces/my-model/items", token, null);
        Assert.Equal((200, true, true), (cached.Status, cached.AuthenticationLane, cached.AuthorizationLane));

        // A denial is the framework's to answer (the endpoint never runs), even for a cached token.
        var denied = await lanes.SendAsync("/namespaces/other/items", token, null);
        Assert.Equal(403, denied.Status);
        Assert.Contains("\"namespace\":\"other\"", denied.Body, StringComparison.Ordinal);

        await plain.SendAsync("/namespaces/my-model/items", token, null);
        var plainCached = await plain.SendAsync("/namespaces/my-model/items", token, null);
        Assert.Equal((200, false, false), (plainCached.Status, plainCached.AuthenticationLane, plainCached.AuthorizationLane));
    }

    [Fact]
    public async Task ModeNone_TakesBothLanes_WithTheFrameworksAnswers()
    {
        static void None(IServiceCollection s) => s.Configure<GlyphhAuthOptions>(o => o.Mode = AuthMode.None);
        await using var lanes = await LaneHost.StartAsync(useLanes: true, services: None);
        await using var plain = await LaneHost.StartAsync(useLanes: false, services: None);
        foreach (var path in (string[])["/namespaces/my-model/items", "/platform", "/open", "/by-claim"])
        {
            var fromLanes = await lanes.SendAsync(path, null, null);
            Assert.Equal(await plain.SendAsync(path, null, null), fromLanes);
            Assert.Equal(200, fromLanes.Status);
            Assert.True(fromLanes.AuthenticationLane, path);
        }

        var granted = await lanes.SendAsync("/namespaces/my-model/items", null, null);
        Assert.True(granted.AuthorizationLane);
        Assert.Contains("sub=local", granted.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhileFrameworkMetricsAreListenedTo_RequestsTakeTheFrameworkPath_AndAreMeasured()
    {
        await using var lanes = await LaneHost.StartAsync(useLanes: true);
        var token = "Bearer " + Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));
        await lanes.SendAsync("/namespaces/my-model/items", token, null);

        using (var measured = new FrameworkMeasurements(lanes.App.Services.GetRequiredService<IMeterFactory>()))
        {
            for (var i = 0; i < 3; i++)
            {
                var observed = await lanes.SendAsync("/namespaces/my-model/items", token, null);
                Assert.Equal((200, false, false), (observed.Status, observed.AuthenticationLane, observed.AuthorizationLane));
            }

            // The middleware's authentication (and the policy's, which re-authenticates the scheme) and one authorization each.
            Assert.True(measured.Authentications >= 3, $"{measured.Authentications} authentications measured for 3 requests");
            Assert.Equal(3, measured.Authorizations);
        }

        // Nobody listens any more: the lanes are taken again.
        var quiet = await lanes.SendAsync("/namespaces/my-model/items", token, null);
        Assert.Equal((200, true, true), (quiet.Status, quiet.AuthenticationLane, quiet.AuthorizationLane));
    }

    [Fact]
    public async Task WithTheHostsOwnClaimsTransformation_TheAuthenticationLaneStepsAside()
    {
        await using var lanes = await LaneHost.StartAsync(useLanes: true, services: s => s.AddSingleton<IClaimsTransformation, AddsAClaim>());
        await using var plain = await LaneHost.StartAsync(useLanes: false, services: s => s.AddSingleton<IClaimsTransformation, AddsAClaim>());
        var token = "Bearer " + Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));
        for (var i = 0; i < 2; i++)
        {
            var fromLanes = await lanes.SendAsync("/namespaces/my-model/items", token, null);
            Assert.Equal(await plain.SendAsync("/namespaces/my-model/items", token, null), fromLanes);
            Assert.False(fromLanes.AuthenticationLane);
            Assert.Contains("transformed=yes", fromLanes.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithTheHostsOwnAuthorizationHandler_TheAuthorizationLaneNeverGrantsPastIt()
    {
        await using var lanes = await LaneHost.StartAsync(useLanes: true, services: s => s.AddSingleton<IAuthorizationHandler, RefuseEverything>());
        var token = "Bearer " + Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(403, (await lanes.SendAsync("/namespaces/my-model/items", token, null)).Status);
        }
    }

    [Fact]
    public async Task Lanes_WithoutAddGlyphhAuth_FailAtStartNamingIt()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseGlyphhAuthentication();
        app.UseGlyphhAuthorization();
        app.MapGet("/", () => "never");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains("AddGlyphhAuth", error.Message, StringComparison.Ordinal);
    }

    private sealed class RefuseEverything : IAuthorizationHandler
    {
        public Task HandleAsync(AuthorizationHandlerContext context)
        {
            context.Fail();
            return Task.CompletedTask;
        }
    }

    private sealed class AddsAClaim : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            var copy = principal.Clone();
            ((ClaimsIdentity)copy.Identity!).AddClaim(new Claim("transformed", "yes"));
            return Task.FromResult(copy);
        }
    }

    /// <summary>What a request got: status, the WWW-Authenticate header, the body (the endpoint's view, or the problem
    /// without its per-request trace id) and which lanes it took; equality ignores the lanes.</summary>
    private sealed record Answer(int Status, string? Challenge, string Body, bool AuthenticationLane, bool AuthorizationLane)
    {
        public bool Equals(Answer? other) =>
            other is not null && Status == other.Status && Challenge == other.Challenge && Body == other.Body;

        public override int GetHashCode() => HashCode.Combine(Status, Challenge, Body);

        public override string ToString() => $"{Status} [{Challenge}] {Body}";
    }

    private sealed class LaneHost : IAsyncDisposable
    {
        private readonly HttpClient _client;

        private LaneHost(WebApplication app, FakeTimeProvider time)
        {
            App = app;
            Time = time;
            _client = app.GetTestClient();
        }

        public WebApplication App { get; }

        public FakeTimeProvider Time { get; }

        public static async Task<LaneHost> StartAsync(bool useLanes, Action<IServiceCollection>? services = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            // Information, as in production: debug logging of authorization decisions makes the evaluator take the long way.
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information);
            var time = new FakeTimeProvider(Tokens.Now);
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddGlyphhAuth(o =>
            {
                o.Mode = AuthMode.Both;
                o.Jwt.SecretKey = Tokens.Secret;
                o.ApiKeys.Add(new GlyphhApiKeyOptions
                {
                    Name = "reader",
                    Sha256 = AuthModeTests.Sha256Hex(ApiKey),
                    Permissions = new Dictionary<string, IList<string>> { ["my-model"] = ["read"] },
                });
            });
            services?.Invoke(builder.Services);
            var app = builder.Build();
            app.UseRouting();
            if (useLanes)
            {
                app.UseGlyphhAuthentication();
            }
            else
            {
                app.UseAuthentication();
            }

            app.Use((context, next) =>
            {
                context.Items[ProbeKey] = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
                return next(context);
            });
            if (useLanes)
            {
                app.UseGlyphhAuthorization();
            }
            else
            {
                app.UseAuthorization();
            }

            app.MapGet("/namespaces/{namespace}/items", Observe).RequireNamespacePermission(NamespacePermission.Read);
            app.MapGet("/namespaces/{namespace}/write", Observe).RequireNamespacePermission(NamespacePermission.Write);
            app.MapGet("/platform", Observe).RequirePlatformAdmin();
            app.MapGet("/no-route-value", Observe).RequireNamespacePermission(NamespacePermission.Read);
            app.MapGet("/open", Observe);
            app.MapGet("/anonymous", Observe).RequireNamespacePermission(NamespacePermission.Read).AllowAnonymous();
            app.MapGet("/by-claim", Observe).RequireAuthorization(p => p.RequireClaim("sub"));
            await app.StartAsync();
            return new LaneHost(app, time);
        }

        public async Task<Answer> SendAsync(string path, string? authorization, string? apiKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
            }

            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var lanes = (false, false);
            if (response.Headers.TryGetValues("X-Test-Lanes", out var taken))
            {
                var values = taken.Single();
                lanes = (values.Contains("authentication", StringComparison.Ordinal), values.Contains("authorization", StringComparison.Ordinal));
            }

            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json" && JsonNode.Parse(body) is JsonObject problem)
            {
                problem.Remove("traceId");
                body = problem.ToJsonString();
            }

            return new Answer((int)response.StatusCode, response.Headers.WwwAuthenticate.ToString(), body, lanes.Item1, lanes.Item2);
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }

        /// <summary>The endpoint's view of authentication, and (in a header, outside the compared body) the lanes taken.</summary>
        private static IResult Observe(HttpContext context)
        {
            var before = context.Items[ProbeKey] as AuthenticateResult;
            var lanes = new List<string>();
            if (before is not null && context.User is SharedGlyphhPrincipal { Result: { } shared } && ReferenceEquals(before, shared.Result))
            {
                lanes.Add("authentication");
            }

            if (ReferenceEquals(context.Items["__AuthorizationMiddlewareWithEndpointInvoked"], GlyphhAuthorizationLane.InvokedWithEndpoint))
            {
                lanes.Add("authorization");
            }

            context.Response.Headers["X-Test-Lanes"] = string.Join(",", lanes);
            return Results.Text(EndpointView.Describe(context));
        }
    }
}
