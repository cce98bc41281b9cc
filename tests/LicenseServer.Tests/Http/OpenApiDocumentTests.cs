using System.Net;
using System.Net.Http.Json;
using System.Text;
using Glyphh.TestSupport;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.LicenseServer.Tests.Http;

/// <summary>The license server's generated OpenAPI document describes every endpoint, and every answer of a sweep matches it.</summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    // Low enough for the sweep to reach the validate endpoint's 429.
    private readonly ServerFactory _server = new(new() { ["VALIDATE_RATE_LIMIT"] = "8" });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Document_ListsEveryMappedEndpoint_AndNothingElse()
    {
        var contract = await OpenApiDocumentContract.LoadAsync(_server.CreateClient());
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText!;
            // The fallback (404/405) and the document and its viewer are not operations of the API.
            if (pattern.Contains("{*", StringComparison.Ordinal) || pattern.StartsWith("/docs", StringComparison.Ordinal))
            {
                continue;
            }
            // The Prometheus exporter maps its path for every method; GET is what scrapers send and what is described.
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                mapped.Add($"{method.ToLowerInvariant()} {pattern}");
            }
        }
        var described = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in contract.Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                described.Add($"{operation.Name} {path.Name}");
            }
        }
        Assert.True(mapped.Count >= 15, string.Join("\n", mapped));
        Assert.Equal(mapped, described);
    }

    [Theory]
    [InlineData("/api/v1/admin/licenses", "post", "CreateLicenseRequest", true)]
    [InlineData("/api/v1/admin/licenses/{id}/revoke", "post", "StateChangeRequest", false)]
    [InlineData("/api/v1/licenses/validate", "post", "LicenseValidationRequest", true)]
    public async Task Document_BodyRoutes_HaveTypedJsonBodies(string path, string method, string schema, bool required)
    {
        var contract = await OpenApiDocumentContract.LoadAsync(_server.CreateClient());
        var body = contract.Document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody");
        Assert.Equal(required, body.TryGetProperty("required", out var r) && r.GetBoolean());
        var reference = body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal("#/components/schemas/" + schema, reference);
        var properties = contract.Document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties");
        // The wire's snake_case names, as the source-generated contexts read them.
        Assert.All(properties.EnumerateObject(), p => Assert.Equal(p.Name.ToLowerInvariant(), p.Name));
    }

    [Fact]
    public async Task Document_Operations_HaveSuccessProblemsAndSecurity()
    {
        var contract = await OpenApiDocumentContract.LoadAsync(_server.CreateClient());
        var scheme = contract.Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("adminApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-API-Key", scheme.GetProperty("name").GetString());
        foreach (var path in contract.Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
                var security = operation.Value.GetProperty("security");
                if (path.Name.StartsWith("/api/v1/admin", StringComparison.Ordinal))
                {
                    Assert.True(security.GetArrayLength() == 1 && security[0].TryGetProperty("adminApiKey", out _), $"{path.Name} has no admin key");
                    var unauthenticated = responses.GetProperty("401").GetProperty("content");
                    Assert.True(unauthenticated.TryGetProperty("application/problem+json", out _), $"{path.Name} 401 is no problem");
                }
                else
                {
                    Assert.Equal(0, security.GetArrayLength());
                }
            }
        }
        var list = contract.Document.GetProperty("paths").GetProperty("/api/v1/admin/licenses").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal<string?>(["customer", "product", "status", "limit", "offset"], list);
    }

    [Fact]
    public async Task Document_RedoclyLint_ReportsNoErrors()
    {
        using var client = _server.CreateClient();
        var response = await client.GetAsync(new Uri("/docs/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await RedoclyLint.AssertNoErrorsAsync(await response.Content.ReadAsStringAsync(), "license-server");
    }

    [Fact]
    public async Task RedoclyLint_DocumentWithAnError_FailsNamingTheRule()
    {
        // The check above can fail: a server URL with a trailing slash is an error under the recommended rules.
        var document = """{"openapi":"3.1.1","info":{"title":"t","version":"1","license":{"name":"MIT","identifier":"MIT"}},"servers":[{"url":"https://licenses.test/"}],"paths":{}}""";
        var e = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => RedoclyLint.AssertNoErrorsAsync(document, "broken"));
        Assert.Contains("no-server-trailing-slash", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contract_BodyNotMatchingItsSchema_Fails()
    {
        var contract = await OpenApiDocumentContract.LoadAsync(_server.CreateClient(), validateBodies: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/v1/admin/licenses/lic_x");
        using var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StringContent("""{"id":7,"customer":"Acme"}""", Encoding.UTF8, "application/json"),
        };
        var e = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => contract.AssertDescribesAsync(response));
        Assert.Contains("$.id: Number where the schema says string", e.Message, StringComparison.Ordinal);
        Assert.Contains("'product' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_ServesTheApiReferenceFromTheServer()
    {
        using var client = _server.CreateClient();
        var page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("scalar.js", html, StringComparison.Ordinal);
        Assert.Contains("openapi.json", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/scalar.js")).StatusCode);
    }

    [Fact]
    public async Task Sweep_EveryAnswer_DescribedByTheDocument()
    {
        using var anonymous = _server.CreateClient();
        using var admin = _server.Admin();
        using var wrongKey = _server.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-API-Key", "not-the-key");
        var contract = await OpenApiDocumentContract.LoadAsync(anonymous, validateBodies: true);
        const string Licenses = "/api/v1/admin/licenses";
        var created = await admin.PostAsJsonAsync(Licenses, new Dictionary<string, object?>
        {
            ["customer"] = "Acme", ["mode"] = "self-hosted", ["expires_at"] = _server.Time.GetUtcNow().AddDays(30), ["max_machines"] = 2,
        });
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("license").GetProperty("id").GetString();
        var (keyed, key, _) = await _server.CreateLicenseAsync();
        var validation = $$"""{"license_key":"{{key}}","fingerprint":"{{ServerFactory.Fingerprint(1)}}","product":"glyphh-runtime","version":"1","nonce":"n1"}""";
        var answers = new List<HttpResponseMessage>
        {
            created,
            await admin.PostAsync(Licenses, Json("""{"customer":"Acme","mode":"self-hosted"}""")),
            await admin.PostAsync(Licenses, Json("""{"customer":"Acme","unknown_member":1}""")),
            await admin.PostAsync(Licenses, Json("""{"customer":""")),
            await admin.PostAsync(Licenses, new StringContent("customer=Acme", Encoding.UTF8, "text/plain")),
            await admin.PostAsync(Licenses, Json("{\"customer\":\"" + new string('a', 70_000) + "\"}")),
            await anonymous.PostAsync(Licenses, Json("{}")),
            await wrongKey.GetAsync(new Uri(Licenses, UriKind.Relative)),
            await admin.GetAsync(new Uri(Licenses + "?status=active&limit=2", UriKind.Relative)),
            await admin.GetAsync(new Uri(Licenses + "?limit=0&status=gone", UriKind.Relative)),
            await admin.GetAsync(new Uri($"{Licenses}/{id}", UriKind.Relative)),
            await admin.GetAsync(new Uri($"{Licenses}/lic_none", UriKind.Relative)),
            await admin.GetAsync(new Uri($"{Licenses}/{id}/file", UriKind.Relative)),
            await admin.GetAsync(new Uri($"{Licenses}/lic_none/file", UriKind.Relative)),
            await admin.PostAsync(new Uri($"{Licenses}/{id}/suspend", UriKind.Relative), Json("""{"reason":"unpaid"}""")),
            await admin.PostAsync(new Uri($"{Licenses}/{id}/reinstate", UriKind.Relative), null),
            await admin.PostAsync(new Uri($"{Licenses}/{id}/suspend", UriKind.Relative), Json("""{"reason":7}""")),
            await admin.PostAsync(new Uri($"{Licenses}/lic_none/revoke", UriKind.Relative), null),
            await anonymous.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), Json(validation)),
            await anonymous.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), Json(validation.Replace("n1", "n2", StringComparison.Ordinal))),
            await anonymous.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), Json("""{"fingerprint":"x"}""")),
            await anonymous.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), Json("""{"license_key":""")),
            await anonymous.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/xml")),
        };
        var activations = await admin.GetAsync(new Uri($"{Licenses}/{keyed}/activations", UriKind.Relative));
        answers.Add(activations);
        var machine = (await activations.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("items")[0].GetProperty("id").GetString();
        answers.Add(await admin.DeleteAsync(new Uri($"{Licenses}/{keyed}/activations/{machine}", UriKind.Relative)));
        answers.Add(await admin.GetAsync(new Uri($"{Licenses}/lic_none/activations", UriKind.Relative)));
        answers.Add(await admin.DeleteAsync(new Uri($"{Licenses}/{id}/activations/act_none", UriKind.Relative)));
        answers.Add(await admin.PostAsync(new Uri($"{Licenses}/{id}/revoke", UriKind.Relative), null));
        answers.Add(await admin.PostAsync(new Uri($"{Licenses}/{id}/reinstate", UriKind.Relative), null));
        answers.Add(await admin.GetAsync(new Uri($"/api/v1/admin/audit?license_id={id}&limit=5", UriKind.Relative)));
        answers.Add(await admin.GetAsync(new Uri("/api/v1/admin/audit?limit=x", UriKind.Relative)));
        foreach (var path in new[] { "/health", "/health/ready", "/ready", "/metrics" })
        {
            answers.Add(await anonymous.GetAsync(new Uri(path, UriKind.Relative)));
            answers.Add(await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, path)));
        }
        // The validate endpoint's rate limit: the sweep has used some of its permits; these use up the rest.
        HttpResponseMessage limited;
        var tries = 0;
        do
        {
            limited = await anonymous.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), Json(validation));
            answers.Add(limited);
        }
        while (limited.StatusCode != HttpStatusCode.TooManyRequests && ++tries < 20);

        var statuses = answers.Select(a => (int)a.StatusCode).ToHashSet();
        Assert.True(new HashSet<int> { 200, 201, 204, 400, 401, 404, 409, 413, 415, 429 }.IsSubsetOf(statuses),
            string.Join("\n", answers.Select(a => $"{a.RequestMessage!.Method} {a.RequestMessage.RequestUri!.PathAndQuery} {(int)a.StatusCode}")));
        foreach (var answer in answers)
        {
            await contract.AssertDescribesAsync(answer);
        }
        // The document's snake_case is its own: problems keep the member the problem-details service writes.
        Assert.Contains("\"traceId\"", await answers[1].Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
