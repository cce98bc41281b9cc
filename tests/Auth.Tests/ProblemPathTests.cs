using System.Net;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth.Tests;

/// <summary>401, 403 and 429 go through the host's IProblemDetailsService: its customization applies, the type base is an option.</summary>
public sealed class ProblemPathTests
{
    private static Task<AuthTestHost> StartAsync(Action<GlyphhAuthOptions>? configure = null) =>
        AuthTestHost.StartAsync(configure, services: s => s.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["service"] = "projects";
            context.HttpContext.Response.Headers["X-Customized"] = context.ProblemDetails.Type;
        }));

    [Fact]
    public async Task Unauthenticated_GoesThroughTheHostsCustomization_KeepsTheChallenge()
    {
        await using var host = await StartAsync();
        var response = await host.GetAsync("/me");
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, AuthErrorCodes.Unauthenticated);
        Assert.Equal("projects", problem.Extension("service"));
        Assert.Equal("https://glyphh.dev/problems/unauthenticated", Assert.Single(response.Headers.GetValues("X-Customized")));
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.False(string.IsNullOrEmpty(problem.Extension("traceId")));
        Assert.False(problem.Body.TryGetProperty("trace_id", out _));
    }

    [Fact]
    public async Task Forbidden_GoesThroughTheHostsCustomization()
    {
        await using var host = await StartAsync();
        var response = await host.GetAsync("/platform", bearer: Tokens.Hs256(Tokens.Claims()));
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden, AuthErrorCodes.Forbidden);
        Assert.Equal("projects", problem.Extension("service"));
        Assert.Equal("*", problem.Extension("namespace"));
        Assert.False(string.IsNullOrEmpty(problem.Extension("traceId")));
    }

    [Fact]
    public async Task RateLimited_GoesThroughTheHostsCustomization()
    {
        await using var host = await StartAsync();
        HttpResponseMessage response;
        var sent = 0;
        do
        {
            response = await host.GetAsync("/limited", peer: "192.0.2.7");
            sent++;
        }
        while (response.StatusCode == HttpStatusCode.OK && sent < 10);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.TooManyRequests, AuthErrorCodes.RateLimited);
        Assert.Equal(3, sent);
        Assert.Equal("projects", problem.Extension("service"));
        Assert.Equal("tight", problem.Extension("policy"));
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("https://errors.example/auth/")]
    [InlineData("https://errors.example/auth")]
    public async Task ProblemTypeBaseUri_SetsTheTypeOfEveryProblem(string baseUri)
    {
        await using var host = await StartAsync(o => o.ProblemTypeBaseUri = new Uri(baseUri));
        var unauthenticated = await host.GetAsync("/me");
        Assert.Contains("\"type\":\"https://errors.example/auth/unauthenticated\"", await unauthenticated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forbidden = await host.GetAsync("/platform", bearer: Tokens.Hs256(Tokens.Claims()));
        Assert.Contains("\"type\":\"https://errors.example/auth/forbidden\"", await forbidden.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptWithoutJson_StillAnswersTheProblem()
    {
        await using var host = await StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Accept.ParseAdd("text/html");
        var response = await host.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("https://glyphh.dev/problems/unauthenticated", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void RelativeProblemTypeBaseUri_FailsAtStartUpNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGlyphhAuth(o =>
        {
            o.Jwt.SecretKey = Tokens.Secret;
            o.ProblemTypeBaseUri = new Uri("problems/", UriKind.Relative);
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<GlyphhAuthOptions>>().Value);
        Assert.Contains("Glyphh:Auth:ProblemTypeBaseUri", error.Message, StringComparison.Ordinal);
    }
}
