using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Glyphh.Readme.Tests.Snippets;
using Glyphh.TestSupport;

namespace Glyphh.Readme.Tests;

/// <summary>The Auth README's quick start, run as written with an issuer configured: a wrong <c>iss</c> is refused.</summary>
[Collection(QuickStartCollection.Name)]
public sealed class AuthQuickStartTests
{
    private const string Secret = "readme-secret-0123456789abcdef0123456789abcdef";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Glyphh:Auth:Jwt:SecretKey"] = Secret,
        ["Glyphh:Auth:Jwt:Issuer"] = "https://issuer.example",
        ["Glyphh:Auth:IpAllowlists:admin:0"] = "10.0.0.0/8",
    };

    [Fact]
    public async Task QuickStart_WithIssuer_RefusesWrongIssuerAndServesTheRightOne()
    {
        await using var host = await QuickStartHost.StartAsync(AuthSnippets.QuickStart, Settings);

        var anonymous = await host.Client.GetAsync(new Uri("/projects/alpha/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrong = await Get(host, Token("other", "alpha"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync());
        Assert.Equal("https://glyphh.dev/problems/unauthenticated", problem.RootElement.GetProperty("type").GetString());
        Assert.Contains("issuer", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var right = await Get(host, Token("https://issuer.example", "alpha"));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("project alpha", await right.Content.ReadAsStringAsync());

        var otherProject = await Get(host, Token("https://issuer.example", "beta"));
        Assert.Equal(HttpStatusCode.Forbidden, otherProject.StatusCode);
    }

    private static string Token(string issuer, string project) =>
        TestJwt.Mint(Secret, "user-1", new() { [project] = ["read"] }, issuer: issuer);

    private static Task<HttpResponseMessage> Get(QuickStartHost host, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/projects/alpha/", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Client.SendAsync(request);
    }
}

/// <summary>Quick starts run one at a time: each is a whole host on its own thread.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuickStartCollection
{
    public const string Name = "README quick starts";
}
