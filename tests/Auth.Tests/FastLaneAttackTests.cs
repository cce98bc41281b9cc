using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Auth.Tests;

/// <summary>
/// Attacks on the fast lanes (issue 18): unusual requests and host configurations sent to two hosts that differ only in
/// <c>UseGlyphhAuthentication()</c>/<c>UseGlyphhAuthorization()</c> versus the framework's plain calls. Every answer
/// (status, challenge, body, the user and features the endpoint sees) must be the same, and the lanes must never grant
/// what the framework's full path (its authorization handlers, forced by debug logging) refuses.
/// </summary>
public sealed class FastLaneAttackTests
{
    private static readonly string Reader = "Bearer " + Tokens.Hs256(Tokens.Claims(ns: "my-model", verbs: ["read"]));
    private static readonly string Admin = "Bearer " + Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["admin"] }, sub: "root"));
    private static readonly string ReadEverywhere = "Bearer " + Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["read"] }, sub: "wide"));

    [Fact]
    public async Task NamespaceEdgeCases_LanesAnswerAsTheFrameworkAndGrantNothingItsHandlersRefuse()
    {
        await using var lanes = await Host.StartAsync(Lanes.Both);
        await using var plain = await Host.StartAsync(Lanes.None);
        // Debug logging of authorization decisions: the evaluator's shortcut steps aside, the framework's handlers decide.
        await using var full = await Host.StartAsync(Lanes.None, debugAuthorization: true);
        string[] paths =
        [
            "/namespaces/my-model/items", "/namespaces/*/items", "/namespaces/%2A/items", "/namespaces/MY-MODEL/items",
            "/namespaces/my-model%20/items", "/namespaces/my-model%2Fx/items", "/namespaces/my-model/write", "/platform",
            "/optional", "/optional/my-model", "/custom-route/my-model", "/custom-route/other", "/combined/my-model",
            "/two-namespaces/my-model/other", "/two-namespaces/my-model/my-model", "/read-and-admin/my-model",
            "/named-policy/my-model", "/authenticated-only", "/role",
        ];

        foreach (var token in new[] { Reader, Admin, ReadEverywhere })
        {
            for (var round = 0; round < 2; round++)
            {
                foreach (var path in paths)
                {
                    var fromLanes = await lanes.SendAsync(path, token);
                    Assert.Equal(await plain.SendAsync(path, token), fromLanes);
                    Assert.Equal((await full.SendAsync(path, token)).Status, fromLanes.Status);
                }
            }
        }
    }

    [Fact]
    public async Task OddAuthorizationHeaders_AreAnsweredAsTheFramework()
    {
        await using var lanes = await Host.StartAsync(Lanes.Both);
        await using var plain = await Host.StartAsync(Lanes.None);
        var token = Reader["Bearer ".Length..];
        (string[] Authorization, string[] ApiKey)[] requests =
        [
            ([Reader], []), // first sight, then cached for every request below
            ([Reader, Reader], []),
            ([Reader, "Bearer other"], []),
            ([Reader], ["key-one", "key-two"]),
            ([Reader], ["not-a-key"]),
            (["BEARER " + token], []),
            (["Bearer  " + token], []),
            (["Bearer " + token + "  "], []),
            (["Bearer\t" + token], []),
            (["Bearer"], []),
            (["Bearer "], []),
            (["ApiKey " + token], []),
            (["Basic " + token], []),
            ([Reader + "," + Reader], []),
            ([Reader[..^1]], []),
            ([Reader + "x"], []),
        ];

        for (var round = 0; round < 2; round++)
        {
            foreach (var (authorization, apiKey) in requests)
            {
                var fromLanes = await lanes.SendAsync("/namespaces/my-model/items", authorization, apiKey);
                var fromPlain = await plain.SendAsync("/namespaces/my-model/items", authorization, apiKey);
                Assert.True(fromPlain == fromLanes, $"[{string.Join(" | ", authorization)}] + [{string.Join(" | ", apiKey)}]: lanes {fromLanes}, framework {fromPlain}");
            }
        }
    }

    [Theory]
    [InlineData(AuthMode.None)]
    [InlineData(AuthMode.ApiKey)]
    [InlineData(AuthMode.Both)]
    public async Task EveryMode_IsAnsweredAsTheFramework(AuthMode mode)
    {
        await using var lanes = await Host.StartAsync(Lanes.Both, mode: mode);
        await using var plain = await Host.StartAsync(Lanes.None, mode: mode);
        await AssertSameAsync(lanes, plain, Reader, Admin, null);
    }

    [Fact]
    public async Task AuthorizationLaneAlone_BehindThePlainAuthentication_IsAnsweredAsTheFramework()
    {
        await using var lanes = await Host.StartAsync(Lanes.Authorization);
        await using var plain = await Host.StartAsync(Lanes.None);
        await AssertSameAsync(lanes, plain, Reader, Admin, ReadEverywhere);
        Assert.True((await lanes.SendAsync("/namespaces/my-model/items", Reader)).AuthorizationLane);
    }

    [Fact]
    public async Task AuthenticationLaneAlone_BeforeThePlainAuthorization_IsAnsweredAsTheFramework()
    {
        await using var lanes = await Host.StartAsync(Lanes.Authentication);
        await using var plain = await Host.StartAsync(Lanes.None);
        await AssertSameAsync(lanes, plain, Reader, Admin, ReadEverywhere);
    }

    [Fact]
    public async Task DefaultSchemeIsAPolicySchemeForwardingToGlyphh_IsAnsweredAsTheFramework()
    {
        static void Forwarding(IServiceCollection services) =>
            services.AddAuthentication(o => o.DefaultScheme = "smart")
                .AddPolicyScheme("smart", "forwards to Glyphh", o => o.ForwardDefaultSelector = _ => GlyphhAuthDefaults.AuthenticationScheme);
        await using var lanes = await Host.StartAsync(Lanes.Both, services: Forwarding);
        await using var plain = await Host.StartAsync(Lanes.None, services: Forwarding);
        await AssertSameAsync(lanes, plain, Reader, Admin, ReadEverywhere);
    }

    [Fact]
    public async Task DefaultSchemeIsAnother_IsAnsweredAsTheFramework()
    {
        static void Other(IServiceCollection services) =>
            services.AddAuthentication(o => o.DefaultScheme = "other").AddScheme<AuthenticationSchemeOptions, NobodyHandler>("other", null);
        await using var lanes = await Host.StartAsync(Lanes.Both, services: Other);
        await using var plain = await Host.StartAsync(Lanes.None, services: Other);
        await AssertSameAsync(lanes, plain, Reader, Admin, ReadEverywhere);
    }

    [Fact]
    public async Task GlyphhSchemeRemovedOrReplacedAtRunTime_IsAnsweredAsTheFramework()
    {
        await using var lanes = await Host.StartAsync(Lanes.Both);
        await using var plain = await Host.StartAsync(Lanes.None);
        await AssertSameAsync(lanes, plain, Reader);

        foreach (var host in new[] { lanes, plain })
        {
            host.App.Services.GetRequiredService<IAuthenticationSchemeProvider>().RemoveScheme(GlyphhAuthDefaults.AuthenticationScheme);
        }

        await AssertSameAsync(lanes, plain, Reader);

        // Back under the same name with a handler that authenticates nobody: the cached token must not get through.
        foreach (var host in new[] { lanes, plain })
        {
            host.App.Services.GetRequiredService<IAuthenticationSchemeProvider>()
                .AddScheme(new AuthenticationScheme(GlyphhAuthDefaults.AuthenticationScheme, null, typeof(NobodyHandler)));
        }

        await AssertSameAsync(lanes, plain, Reader);
        Assert.NotEqual(200, (await lanes.SendAsync("/namespaces/my-model/items", Reader)).Status);
    }

    [Fact]
    public async Task ARequestHandlingSchemeAddedAtRunTime_AnswersItsRequestsInBothHosts()
    {
        await using var lanes = await Host.StartAsync(Lanes.Both);
        await using var plain = await Host.StartAsync(Lanes.None);
        await AssertSameAsync(lanes, plain, Admin);
        Assert.True((await lanes.SendAsync("/namespaces/handled/items", Admin)).AuthorizationLane);

        foreach (var host in new[] { lanes, plain })
        {
            host.App.Services.GetRequiredService<IAuthenticationSchemeProvider>().AddScheme(new AuthenticationScheme("callback", null, typeof(Callback)));
        }

        await AssertSameAsync(lanes, plain, Admin);
        Assert.Equal(202, (await lanes.SendAsync("/namespaces/handled/items", Admin)).Status);

        foreach (var host in new[] { lanes, plain })
        {
            host.App.Services.GetRequiredService<IAuthenticationSchemeProvider>().RemoveScheme("callback");
        }

        await AssertSameAsync(lanes, plain, Admin);
        Assert.True((await lanes.SendAsync("/namespaces/handled/items", Admin)).AuthorizationLane);
    }

    [Fact]
    public async Task TheHostsOwnAuthenticationService_ResultHandlerOrEvaluatorStillRuns()
    {
        foreach (var replace in new Action<IServiceCollection>[]
        {
            s => s.AddScoped<IAuthenticationService, MarkingAuthenticationService>(),
            s => s.AddSingleton<IAuthorizationMiddlewareResultHandler, MarkingResultHandler>(),
            s => s.AddTransient<IPolicyEvaluator, MarkingPolicyEvaluator>(),
        })
        {
            await using var lanes = await Host.StartAsync(Lanes.Both, services: replace);
            await using var plain = await Host.StartAsync(Lanes.None, services: replace);
            await AssertSameAsync(lanes, plain, Reader, Admin);
            Assert.Contains("marked=yes", (await lanes.SendAsync("/namespaces/my-model/items", Reader)).Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ACustomPolicyProvider_IsAnsweredAsTheFramework()
    {
        static void Provider(IServiceCollection services) => services.AddSingleton<IAuthorizationPolicyProvider, FallbackRequiresAdmin>();
        await using var lanes = await Host.StartAsync(Lanes.Both, services: Provider);
        await using var plain = await Host.StartAsync(Lanes.None, services: Provider);
        await AssertSameAsync(lanes, plain, Reader, Admin, ReadEverywhere);
    }

    [Fact]
    public async Task AMiddlewareBetweenTheLanesReplacingTheUser_IsAnsweredAsTheFramework()
    {
        static void Replace(WebApplication app) => app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey("X-Replace-User"))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "impostor")], "impostor"));
            }

            return next(context);
        });
        await using var lanes = await Host.StartAsync(Lanes.Both, between: Replace);
        await using var plain = await Host.StartAsync(Lanes.None, between: Replace);
        await lanes.SendAsync("/namespaces/my-model/items", Reader);
        await plain.SendAsync("/namespaces/my-model/items", Reader);
        foreach (var path in Host.Paths)
        {
            var fromLanes = await lanes.SendAsync(path, [Reader], [], replaceUser: true);
            var fromPlain = await plain.SendAsync(path, [Reader], [], replaceUser: true);
            Assert.True(fromPlain == fromLanes, $"{path}: lanes {fromLanes}, framework {fromPlain}");
        }
    }

    [Fact]
    public async Task FrameworkMetricsListenedToFromTheStart_MeasureTheSameRequestsInBothHosts()
    {
        await using var lanes = await Host.StartAsync(Lanes.Both);
        await using var plain = await Host.StartAsync(Lanes.None);
        using var lanesCount = new FrameworkMeasurements(lanes.App.Services.GetRequiredService<IMeterFactory>());
        using var plainCount = new FrameworkMeasurements(plain.App.Services.GetRequiredService<IMeterFactory>());

        // The token is first seen where nothing is authorized: the next request is the first the lanes could take.
        foreach (var path in new[] { "/open", "/namespaces/my-model/items", "/namespaces/my-model/items", "/platform" })
        {
            Assert.Equal(await plain.SendAsync(path, Reader), await lanes.SendAsync(path, Reader));
        }

        Assert.Equal((plainCount.Authentications, plainCount.Authorizations), (lanesCount.Authentications, lanesCount.Authorizations));
        Assert.True(plainCount.Authorizations >= 3, $"{plainCount.Authorizations} authorizations measured");
    }

    [Fact]
    public async Task LogsAndGlyphhMetrics_AreTheFrameworksRequestByRequest()
    {
        var lanesLogs = new CapturingProvider();
        var plainLogs = new CapturingProvider();
        await using var lanes = await Host.StartAsync(Lanes.Both, logs: lanesLogs);
        await using var plain = await Host.StartAsync(Lanes.None, logs: plainLogs);
        using var lanesMetrics = new GlyphhMeasurements(lanes.App.Services.GetRequiredService<IMeterFactory>());
        using var plainMetrics = new GlyphhMeasurements(plain.App.Services.GetRequiredService<IMeterFactory>());
        var tookLane = false;
        var logged = false;
        foreach (var token in new[] { Reader, Admin, null })
        {
            for (var round = 0; round < 2; round++)
            {
                foreach (var path in Host.Paths)
                {
                    lanesLogs.Clear();
                    plainLogs.Clear();
                    lanesMetrics.Clear();
                    plainMetrics.Clear();
                    var fromLanes = await lanes.SendAsync(path, token);
                    Assert.Equal(await plain.SendAsync(path, token), fromLanes);
                    tookLane |= fromLanes.AuthorizationLane;
                    Assert.Equal(plainLogs.Lines, lanesLogs.Lines);
                    logged |= lanesLogs.Lines.Any(l => l.Contains("was successfully authenticated", StringComparison.Ordinal));
                    Assert.True(plainMetrics.Lines.SequenceEqual(lanesMetrics.Lines),
                        $"GET {path} with {token?[..20]}: lanes measured [{string.Join("; ", lanesMetrics.Lines)}], the framework [{string.Join("; ", plainMetrics.Lines)}]");
                }
            }
        }

        Assert.True(tookLane, "The lanes were never taken: the comparison proves nothing.");
        Assert.True(logged, "No debug log of an authentication was compared.");
    }

    private static async Task AssertSameAsync(Host lanes, Host plain, params string?[] tokens)
    {
        foreach (var token in tokens.Append(null))
        {
            for (var round = 0; round < 2; round++)
            {
                foreach (var path in Host.Paths)
                {
                    var fromLanes = await lanes.SendAsync(path, token);
                    var fromPlain = await plain.SendAsync(path, token);
                    Assert.True(fromPlain == fromLanes, $"Round {round}, GET {path} with {token?[..20]}: lanes {fromLanes}, framework {fromPlain}");
                }
            }
        }
    }

    private enum Lanes
    {
        None,
        Authentication,
        Authorization,
        Both,
    }

    /// <summary>A request's outcome; an exception the host let through is an outcome too. Equality ignores the lanes.</summary>
    private sealed record Answer(int Status, string? Challenge, string Body, bool AuthorizationLane)
    {
        public bool Equals(Answer? other) => other is not null && Status == other.Status && Challenge == other.Challenge && Body == other.Body;

        public override int GetHashCode() => HashCode.Combine(Status, Challenge, Body);

        public override string ToString() => $"{Status} [{Challenge}] {Body}";
    }

    private sealed class Host : IAsyncDisposable
    {
        public static readonly string[] Paths =
        [
            "/namespaces/my-model/items", "/namespaces/other/items", "/namespaces/*/items", "/platform", "/open",
            "/anonymous", "/optional", "/combined/my-model", "/read-and-admin/my-model", "/named-policy/my-model",
            "/authenticated-only", "/role", "/other-scheme/my-model", "/no-scheme/my-model", "/requirement-data/my-model",
            "/authenticates-again/my-model",
            "/allowlisted/my-model", "/loopback/my-model", "/namespaces/handled/items",
        ];

        private readonly HttpClient _client;

        private Host(WebApplication app)
        {
            App = app;
            _client = app.GetTestClient();
        }

        public WebApplication App { get; }

        public static async Task<Host> StartAsync(
            Lanes lanes,
            AuthMode mode = AuthMode.Both,
            bool debugAuthorization = false,
            Action<IServiceCollection>? services = null,
            ILoggerProvider? logs = null,
            Action<WebApplication>? between = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Information);
            if (debugAuthorization)
            {
                builder.Logging.AddProvider(new SilentProvider()).AddFilter("Microsoft.AspNetCore.Authorization", LogLevel.Debug);
            }

            if (logs is not null)
            {
                // Everything from Debug up, except the framework's authorization decisions (which would close the
                // authorization lane) and the hosting diagnostics (which carry timings).
                builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)
                    .AddFilter("Microsoft.AspNetCore.Authorization", LogLevel.Information)
                    .AddFilter("Microsoft.AspNetCore.Hosting", LogLevel.None);
            }

            builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Tokens.Now));
            builder.Services.AddGlyphhAuth(o =>
            {
                o.Mode = mode;
                o.Jwt.SecretKey = Tokens.Secret;
                o.IpAllowlists["office"] = ["203.0.113.0/24"];
                o.IpAllowlists["anywhere"] = ["0.0.0.0/0", "::/0"];
                o.ApiKeys.Add(new GlyphhApiKeyOptions
                {
                    Name = "reader",
                    Sha256 = AuthModeTests.Sha256Hex("attack-api-key-0123456789"),
                    Permissions = new Dictionary<string, IList<string>> { ["my-model"] = ["read"] },
                });
            });
            builder.Services.AddAuthorizationBuilder().AddPolicy("named", p => p.AddAuthenticationSchemes(GlyphhAuthDefaults.AuthenticationScheme).RequireAuthenticatedUser());
            services?.Invoke(builder.Services);
            var app = builder.Build();
            app.UseRouting();
            if (lanes is Lanes.Authentication or Lanes.Both)
            {
                app.UseGlyphhAuthentication();
            }
            else
            {
                app.UseAuthentication();
            }

            between?.Invoke(app);
            if (lanes is Lanes.Authorization or Lanes.Both)
            {
                app.UseGlyphhAuthorization();
            }
            else
            {
                app.UseAuthorization();
            }

            var glyphh = GlyphhAuthDefaults.AuthenticationScheme;
            app.MapGet("/namespaces/{namespace}/items", Observe).RequireNamespacePermission(NamespacePermission.Read);
            app.MapGet("/namespaces/{namespace}/write", Observe).RequireNamespacePermission(NamespacePermission.Write);
            app.MapGet("/platform", Observe).RequirePlatformAdmin();
            app.MapGet("/open", Observe);
            app.MapGet("/anonymous", Observe).RequireNamespacePermission(NamespacePermission.Read).AllowAnonymous();
            app.MapGet("/optional/{namespace?}", Observe).RequireNamespacePermission(NamespacePermission.Read);
            app.MapGet("/custom-route/{ns}", Observe).RequireNamespacePermission(NamespacePermission.Read, routeValue: "ns");
            app.MapGet("/combined/{namespace}", Observe).RequireNamespacePermission(NamespacePermission.Read).RequireAuthorization(p => p.RequireClaim("sub", "user-123"));
            app.MapGet("/two-namespaces/{namespace}/{second}", Observe)
                .RequireNamespacePermission(NamespacePermission.Read).RequireNamespacePermission(NamespacePermission.Read, routeValue: "second");
            app.MapGet("/read-and-admin/{namespace}", Observe).RequireNamespacePermission(NamespacePermission.Read).RequirePlatformAdmin();
            app.MapGet("/named-policy/{namespace}", Observe).RequireAuthorization("named", GlyphhAuthPolicies.NamespaceRead);
            app.MapGet("/authenticated-only", Observe).RequireAuthorization(p => p.AddAuthenticationSchemes(glyphh).RequireAuthenticatedUser());
            app.MapGet("/role", Observe).RequireAuthorization(new AuthorizeAttribute { Roles = "admin", AuthenticationSchemes = glyphh });
            app.MapGet("/other-scheme/{namespace}", Observe).RequireNamespacePermission(NamespacePermission.Read)
                .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = glyphh + ",other" });
            app.MapGet("/no-scheme/{namespace}", Observe).RequireAuthorization(p => p.AddRequirements(new DenyAnonymousAuthorizationRequirementProbe()));
            // The endpoint authenticates the default scheme again, as code asking context.AuthenticateAsync() does.
            app.MapGet("/authenticates-again/{namespace}", async (HttpContext context) =>
            {
                var again = await context.AuthenticateAsync();
                return Results.Text($"again={again.Succeeded} {again.Ticket?.AuthenticationScheme} same-user={ReferenceEquals(again.Principal, context.User)}");
            }).RequireNamespacePermission(NamespacePermission.Read);
            app.MapGet("/requirement-data/{namespace}", Observe).RequireNamespacePermission(NamespacePermission.Read).WithMetadata(new SubjectMustBeRoot());
            app.MapGet("/allowlisted/{namespace}", Observe).RequireNamespacePermission(NamespacePermission.Read).RequireIpAllowlist("office");
            app.MapGet("/loopback/{namespace}", Observe).RequireNamespacePermission(NamespacePermission.Read).RequireIpAllowlist("anywhere");
            await app.StartAsync();
            return new Host(app);
        }

        public Task<Answer> SendAsync(string path, string? authorization) =>
            SendAsync(path, authorization is null ? [] : [authorization], []);

        public async Task<Answer> SendAsync(string path, string[] authorization, string[] apiKey, bool replaceUser = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            foreach (var value in authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", value);
            }

            foreach (var value in apiKey)
            {
                request.Headers.TryAddWithoutValidation("X-API-Key", value);
            }

            if (replaceUser)
            {
                request.Headers.TryAddWithoutValidation("X-Replace-User", "1");
            }

            try
            {
                using var response = await _client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.Content.Headers.ContentType?.MediaType == "application/problem+json" && JsonNode.Parse(body) is JsonObject problem)
                {
                    problem.Remove("traceId");
                    body = problem.ToJsonString();
                }

                var lane = response.Headers.TryGetValues("X-Test-Authorization-Lane", out var taken) && taken.Single() == "yes";
                return new Answer((int)response.StatusCode, response.Headers.WwwAuthenticate.ToString(), body, lane);
            }
            catch (Exception e)
            {
                return new Answer(-1, null, e.GetType().Name + ": " + e.Message, false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }

        private static IResult Observe(HttpContext context)
        {
            context.Response.Headers["X-Test-Authorization-Lane"] =
                ReferenceEquals(context.Items["__AuthorizationMiddlewareWithEndpointInvoked"], GlyphhAuthorizationLane.InvokedWithEndpoint) ? "yes" : "no";
            return Results.Text(EndpointView.Describe(context, $"marked={(context.Items.ContainsKey("marked") ? "yes" : "no")}"));
        }
    }

    private sealed class DenyAnonymousAuthorizationRequirementProbe : IAuthorizationRequirement;

    /// <summary>Requirement data on the endpoint (not a policy): only the subject "root" passes.</summary>
    private sealed class SubjectMustBeRoot : IAuthorizationRequirementData
    {
        public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new ClaimsAuthorizationRequirement("sub", ["root"])];
    }

    /// <summary>A request-handling scheme (as a remote sign-in callback is) that answers /namespaces/handled/* itself.</summary>
    private sealed class Callback : IAuthenticationRequestHandler
    {
        private HttpContext _context = null!;

        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
        {
            _context = context;
            return Task.CompletedTask;
        }

        public async Task<bool> HandleRequestAsync()
        {
            if (!_context.Request.Path.StartsWithSegments("/namespaces/handled"))
            {
                return false;
            }

            _context.Response.StatusCode = StatusCodes.Status202Accepted;
            await _context.Response.WriteAsync("handled by the callback scheme");
            return true;
        }

        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;
    }

    private sealed class SilentProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Silent();

        public void Dispose()
        {
        }

        private sealed class Silent : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }

    /// <summary>Lines recorded from any thread, read and cleared between requests.</summary>
    private abstract class Recorded
    {
        private readonly List<string> _lines = [];

        public string[] Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Clear()
        {
            lock (_lines)
            {
                _lines.Clear();
            }
        }

        protected void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }

    /// <summary>Every log event as "level category [event] message", in order.</summary>
    private sealed class CapturingProvider : Recorded, ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Capturing(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner.Add($"{logLevel} {category} [{eventId.Id} {eventId.Name}] {formatter(state, exception)}");
            }
        }
    }

    /// <summary>Every Glyphh.Auth measurement of one host with its tags, in order.</summary>
    private sealed class GlyphhMeasurements : Recorded, IDisposable
    {
        private readonly MeterListener _listener = new();

        public GlyphhMeasurements(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == GlyphhAuthDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                Add($"{instrument.Name} {value} {string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}");
            });
            _listener.Start();
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Authenticates nobody: a scheme that is not Glyphh's.</summary>
    private sealed class NobodyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }

    private sealed class MarkingAuthenticationService(
        IAuthenticationSchemeProvider schemes, IAuthenticationHandlerProvider handlers, IClaimsTransformation transform, IOptions<AuthenticationOptions> options)
        : AuthenticationService(schemes, handlers, transform, options)
    {
        public override Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
        {
            context.Items["marked"] = true;
            return base.AuthenticateAsync(context, scheme);
        }
    }

    private sealed class MarkingResultHandler : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _inner = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            context.Items["marked"] = true;
            return _inner.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private sealed class MarkingPolicyEvaluator(IAuthorizationService authorization) : PolicyEvaluator(authorization)
    {
        public override Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
        {
            context.Items["marked"] = true;
            return base.AuthenticateAsync(policy, context);
        }
    }

    /// <summary>
    /// A host's own provider (the interface's default AllowsCachingPolicies, true): the framework's policies, and a
    /// fallback that needs a platform admin.
    /// </summary>
    private sealed class FallbackRequiresAdmin(IOptions<AuthorizationOptions> options) : IAuthorizationPolicyProvider
    {
        private readonly DefaultAuthorizationPolicyProvider _inner = new(options);

        public Task<AuthorizationPolicy> GetDefaultPolicyAsync() => _inner.GetDefaultPolicyAsync();

        public Task<AuthorizationPolicy?> GetFallbackPolicyAsync() =>
            Task.FromResult<AuthorizationPolicy?>(new AuthorizationPolicyBuilder(GlyphhAuthDefaults.AuthenticationScheme).RequireAssertion(c => c.User.IsPlatformAdmin()).Build());

        public Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) => _inner.GetPolicyAsync(policyName);
    }
}
