using System.Net;
using System.Security.Cryptography;
using System.Text;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Tests;

/// <summary>
/// The convention's registration: every documented key of <c>Glyphh:Auth</c> binds from appsettings through the section
/// overload, every documented variable through <c>AddGlyphhAuthEnvironmentVariables</c>, and a configured issuer or
/// audience is enforced through the real pipeline whichever way it was set.
/// </summary>
public sealed class ConfigurationBindingTests
{
    private static readonly string PublicKeyPem = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem();

    private static string AppSettings() => $$"""
        {
          "Glyphh": {
            "Auth": {
              "Mode": "both",
              "Jwt": {
                "SecretKey": "{{Tokens.Secret}}",
                "Issuer": "https://issuer.example",
                "Audience": "projects-api",
                "ValidAlgorithms": [ "HS256", "ES256" ],
                "ClockSkew": "00:00:10",
                "PublicKeys": [ "{{PublicKeyPem.ReplaceLineEndings("\\n")}}" ],
                "JwksUrl": "https://issuer.example/.well-known/jwks.json",
                "JwksRefreshInterval": "00:05:00",
                "JwksMinimumRefreshInterval": "00:00:20",
                "TokenCacheSize": 500,
                "MaxTokenLength": 4096,
                "RequireSubject": false
              },
              "ApiKeys": [ { "Name": "ops", "Sha256": "{{new string('a', 64)}}", "Permissions": { "*": [ "admin" ] } } ],
              "NamespaceRouteValue": "project",
              "IpAllowlists": { "admin": [ "10.0.0.0/8", "::1" ] },
              "TrustedProxies": [ "172.16.0.1" ],
              "ProblemTypeBaseUri": "https://errors.example/",
              "RateLimits": {
                "Policies": { "api": { "Algorithm": "TokenBucket", "PermitLimit": 5, "Window": "00:00:02", "SegmentsPerWindow": 2, "QueueLimit": 1 } },
                "GlobalPolicy": "api"
              }
            }
          }
        }
        """;

    private static IConfigurationRoot FromJson(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static ServiceProvider Provider(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(configuration.GetSection(GlyphhAuthOptions.SectionName)).AddRateLimiting();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void SectionOverload_BindsEveryDocumentedKeyFromAppSettings()
    {
        using var provider = Provider(FromJson(AppSettings()));
        var options = provider.GetRequiredService<IOptions<GlyphhAuthOptions>>().Value;
        Assert.Equal(AuthMode.Both, options.Mode);
        Assert.Equal(Tokens.Secret, options.Jwt.SecretKey);
        Assert.Equal("https://issuer.example", options.Jwt.Issuer);
        Assert.Equal("projects-api", options.Jwt.Audience);
        Assert.Equal(["HS256", "ES256"], options.Jwt.ValidAlgorithms);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Jwt.ClockSkew);
        Assert.Equal(PublicKeyPem.ReplaceLineEndings("\n"), Assert.Single(options.Jwt.PublicKeys).ReplaceLineEndings("\n"));
        Assert.Equal(new Uri("https://issuer.example/.well-known/jwks.json"), options.Jwt.JwksUrl);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Jwt.JwksRefreshInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Jwt.JwksMinimumRefreshInterval);
        Assert.Equal(500, options.Jwt.TokenCacheSize);
        Assert.Equal(4096, options.Jwt.MaxTokenLength);
        Assert.False(options.Jwt.RequireSubject);
        var key = Assert.Single(options.ApiKeys);
        Assert.Equal("ops", key.Name);
        Assert.Equal(new string('a', 64), key.Sha256);
        Assert.Equal(["admin"], key.Permissions["*"]);
        Assert.Equal("project", options.NamespaceRouteValue);
        Assert.Equal(["10.0.0.0/8", "::1"], options.IpAllowlists["admin"]);
        Assert.Equal(["172.16.0.1"], options.TrustedProxies);
        Assert.Equal(new Uri("https://errors.example/"), options.ProblemTypeBaseUri);

        var limits = provider.GetRequiredService<IOptions<GlyphhRateLimitOptions>>().Value;
        Assert.Equal("api", limits.GlobalPolicy);
        var api = limits.Policies["api"];
        Assert.Equal(RateLimitAlgorithm.TokenBucket, api.Algorithm);
        Assert.Equal(5, api.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(2), api.Window);
        Assert.Equal(2, api.SegmentsPerWindow);
        Assert.Equal(1, api.QueueLimit);
        Assert.True(limits.Policies.ContainsKey(GlyphhRateLimitOptions.DefaultPolicyName));
    }

    [Fact]
    public void EnvironmentVariables_BindEveryDocumentedVariable()
    {
        var variables = new Dictionary<string, string?>
        {
            ["AUTH_MODE"] = "both",
            ["JWT_SECRET_KEY"] = Tokens.Secret,
            ["JWT_ISSUER"] = "https://issuer.example",
            ["JWT_AUDIENCE"] = "projects-api",
        };
        var configuration = new ConfigurationBuilder().AddGlyphhAuthEnvironmentVariables(variables.GetValueOrDefault).Build();
        var options = Options(configuration, o => o.ApiKeys.Add(new GlyphhApiKeyOptions { Name = "ops", Sha256 = new string('a', 64) }));
        Assert.Equal(AuthMode.Both, options.Mode);
        Assert.Equal(Tokens.Secret, options.Jwt.SecretKey);
        Assert.Equal("https://issuer.example", options.Jwt.Issuer);
        Assert.Equal("projects-api", options.Jwt.Audience);
    }

    [Theory]
    [InlineData("none", AuthMode.None)]
    [InlineData("JWT", AuthMode.Jwt)]
    [InlineData(" apikey ", AuthMode.ApiKey)]
    [InlineData("Both", AuthMode.Both)]
    public void EnvironmentVariables_AuthModeSpellings(string value, AuthMode expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddGlyphhAuthEnvironmentVariables(name => name == "AUTH_MODE" ? value : null).Build();
        Assert.Equal(expected, configuration.GetValue<AuthMode>("Glyphh:Auth:Mode"));
    }

    [Theory]
    [InlineData("oauth")]
    [InlineData("1")]
    [InlineData("jwt,apikey")]
    public void EnvironmentVariables_UnknownAuthMode_FailsNamingVariableAndKey(string value)
    {
        var error = Assert.Throws<GlyphhAuthException>(() => new ConfigurationBuilder()
            .AddGlyphhAuthEnvironmentVariables(name => name == "AUTH_MODE" ? value : null).Build());
        Assert.Contains("AUTH_MODE", error.Message, StringComparison.Ordinal);
        Assert.Contains("Glyphh:Auth:Mode", error.Message, StringComparison.Ordinal);
        Assert.Equal(AuthErrorCodes.InvalidConfiguration, error.ErrorCode);
    }

    [Fact]
    public void EnvironmentVariables_SetOneWinsOverAppSettings_UnsetOneLeavesIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes("""{ "Glyphh": { "Auth": { "Jwt": { "Issuer": "from-file", "Audience": "from-file" } } } }""")))
            .AddGlyphhAuthEnvironmentVariables(name => name switch
            {
                "JWT_ISSUER" => "from-variable",
                "JWT_SECRET_KEY" => Tokens.Secret,
                "JWT_AUDIENCE" => "   ",
                _ => null,
            })
            .Build();
        var options = Options(configuration);
        Assert.Equal("from-variable", options.Jwt.Issuer);
        Assert.Equal("from-file", options.Jwt.Audience);
    }

    [Fact]
    public void EnvironmentVariables_PublicOverload_ReadsTheProcessEnvironment()
    {
        // No test sets these process-wide; an unset variable adds no key.
        var configuration = new ConfigurationBuilder().AddGlyphhAuthEnvironmentVariables().Build();
        foreach (var alias in GlyphhAuthConfigurationBuilderExtensions.Aliases)
        {
            Assert.Equal(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(alias.Variable)), configuration[alias.Key] is null);
        }
    }

    [Fact]
    public void EnvironmentVariables_OnAConfigurationManager_ReadItsTopLevelKeys()
    {
        // WebApplicationBuilder.Configuration: variables passed as command-line arguments count like environment ones.
        var manager = new ConfigurationManager();
        manager.AddCommandLine(["--JWT_ISSUER=from-args", "--AUTH_MODE=apikey"]);
        manager.AddGlyphhAuthEnvironmentVariables();
        Assert.Equal("from-args", manager["Glyphh:Auth:Jwt:Issuer"]);
        Assert.Equal("ApiKey", manager["Glyphh:Auth:Mode"]);
    }

    [Fact]
    public void SecretMissing_StartUpErrorNamesKeyAndVariable()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new ConfigurationBuilder().Build()));
        Assert.Contains("Glyphh:Auth:Jwt:SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("JWT_SECRET_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddGlyphhAuthEnvironmentVariables", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionOverload_TakesASectionNotTheRoot()
    {
        // The overload's parameter is IConfigurationSection: the root (IConfigurationRoot) does not convert to it.
        var parameter = typeof(GlyphhAuthServiceCollectionExtensions).GetMethods()
            .Single(m => m.Name == "AddGlyphhAuth" && m.GetParameters().Length == 2 && m.GetParameters()[1].ParameterType.Name.Contains("Configuration", StringComparison.Ordinal))
            .GetParameters()[1];
        Assert.Equal(typeof(IConfigurationSection), parameter.ParameterType);
        Assert.False(typeof(IConfigurationSection).IsAssignableFrom(typeof(ConfigurationRoot)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConfiguredIssuer_IsEnforcedThroughThePipeline(bool fromVariable)
    {
        await using var app = await StartAsync(
            fromVariable ? """{ "Glyphh": { "Auth": { } } }""" : """{ "Glyphh": { "Auth": { "Jwt": { "SecretKey": "test-secret-0123456789abcdef0123456789abcdef", "Issuer": "https://issuer.example" } } } }""",
            fromVariable ? new() { ["JWT_SECRET_KEY"] = Tokens.Secret, ["JWT_ISSUER"] = "https://issuer.example" } : []);
        var client = app.GetTestClient();

        var wrong = Tokens.Claims();
        wrong["iss"] = "other";
        var refused = await Send(client, Tokens.Hs256(wrong));
        var problem = await Problem.ReadAsync(refused, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("issuer", problem.Detail, StringComparison.Ordinal);

        var missing = await Send(client, Tokens.Hs256(Tokens.Claims()));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);

        var right = Tokens.Claims();
        right["iss"] = "https://issuer.example";
        Assert.Equal(HttpStatusCode.OK, (await Send(client, Tokens.Hs256(right))).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConfiguredAudience_IsEnforcedThroughThePipeline(bool fromVariable)
    {
        await using var app = await StartAsync(
            fromVariable ? """{ "Glyphh": { "Auth": { } } }""" : """{ "Glyphh": { "Auth": { "Jwt": { "SecretKey": "test-secret-0123456789abcdef0123456789abcdef", "Audience": "projects-api" } } } }""",
            fromVariable ? new() { ["JWT_SECRET_KEY"] = Tokens.Secret, ["JWT_AUDIENCE"] = "projects-api" } : []);
        var client = app.GetTestClient();

        var wrong = Tokens.Claims();
        wrong["aud"] = "other";
        var problem = await Problem.ReadAsync(await Send(client, Tokens.Hs256(wrong)), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("audience", problem.Detail, StringComparison.Ordinal);

        var right = Tokens.Claims();
        right["aud"] = "projects-api";
        Assert.Equal(HttpStatusCode.OK, (await Send(client, Tokens.Hs256(right))).StatusCode);
    }

    private static GlyphhAuthOptions Options(IConfiguration configuration, Action<GlyphhAuthOptions>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(configuration.GetSection(GlyphhAuthOptions.SectionName));
        if (more is not null)
        {
            services.Configure(more);
        }

        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GlyphhAuthOptions>>().Value;
    }

    private static async Task<WebApplication> StartAsync(string appSettings, Dictionary<string, string?> variables)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appSettings)));
        builder.Configuration.AddGlyphhAuthEnvironmentVariables(variables.GetValueOrDefault);
        builder.Services.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Tokens.Now));
        builder.Services.AddGlyphhAuth(builder.Configuration.GetSection(GlyphhAuthOptions.SectionName));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", () => "ok").RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return client.SendAsync(request);
    }
}
