using System.Net;

namespace Glyphh.LicenseServer.Tests.Http;

/// <summary>RFC 9110 on the license server: 405 with Allow where the path exists for other methods, HEAD wherever GET is.</summary>
public sealed class HttpSemanticsTests
{
    [Theory]
    [InlineData("POST", "/health", "GET, HEAD")]
    [InlineData("GET", "/api/v1/licenses/validate", "POST")]
    [InlineData("PUT", "/api/v1/licenses/validate", "POST")]
    public async Task WrongMethod_405ProblemWithAllow(string method, string path, string allow)
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") };
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("method-not-allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task UnknownPath_StillNotFound()
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/nothing")).StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    public async Task Head_OnGetRoute_200(string path)
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
