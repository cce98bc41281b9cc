using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Glyphh.Runtime.Tests.Support;
using Glyphh.TestSupport;

namespace Glyphh.Runtime.Tests;

/// <summary>The generated OpenAPI document describes the API, and every answer of a full sweep matches it.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RuntimeInstance _runtime = null!;
    private OpenApiContract _contract = null!;

    public async Task InitializeAsync()
    {
        _runtime = await RuntimeInstance.StartAsync(await StorageKind.SettingsAsync(false, _dir.Path));
        _contract = await OpenApiContract.LoadAsync(_runtime.Client);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Docs_ServesTheApiReferenceFromTheRuntime()
    {
        var page = await _runtime.Client.GetAsync("/docs/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("scalar.js", html, StringComparison.Ordinal);
        Assert.Contains("openapi.json", html, StringComparison.Ordinal);
        var script = await _runtime.Client.GetAsync("/docs/scalar.js");
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Theory]
    [InlineData("/models", "post")]
    [InlineData("/models/{model}/glyphs/{id}", "put")]
    [InlineData("/models/{model}/search", "post")]
    [InlineData("/namespaces/{namespace}/quotas", "put")]
    public void Document_BodyRoutes_HaveJsonRequestBodies(string path, string method)
    {
        var body = _contract.Document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody");
        Assert.True(body.GetProperty("content").TryGetProperty("application/json", out var json));
        Assert.True(json.TryGetProperty("schema", out _));
    }

    [Theory]
    [InlineData("CreateModelRequest", new[] { "name" })]
    [InlineData("PutGlyphRequest", new string[0])]
    [InlineData("SearchRequest", new[] { "vector" })]
    public void Document_RequestSchemas_ComeFromTheTypes_UnknownMembersRefused(string schema, string[] required)
    {
        var described = _contract.Document.GetProperty("components").GetProperty("schemas").GetProperty(schema);
        Assert.Equal(JsonValueKind.False, described.GetProperty("additionalProperties").ValueKind);
        var listed = described.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).ToArray() : [];
        Assert.Equal(required, listed);
    }

    [Fact]
    public async Task Contract_FlagsAnswersTheDocumentDoesNotDescribe()
    {
        var listed = await _contract.ViolationsAsync(Answer(HttpMethod.Get, "/models", HttpStatusCode.OK, "application/json", """{"items":[]}"""));
        Assert.Empty(listed);
        var teapot = await _contract.ViolationsAsync(Answer(HttpMethod.Get, "/models", (HttpStatusCode)418, "application/json", "{}"));
        Assert.Contains(teapot, v => v.Contains("does not list", StringComparison.Ordinal));
        var missing = await _contract.ViolationsAsync(Answer(HttpMethod.Get, "/models", HttpStatusCode.OK, "application/json", """{"models":[]}"""));
        Assert.Contains(missing, v => v.Contains("lacks the required member 'items'", StringComparison.Ordinal));
        var wrongType = await _contract.ViolationsAsync(Answer(HttpMethod.Get, "/models/m1", HttpStatusCode.OK, "application/json",
            """{"name":1,"created_at":"2026-01-01T00:00:00Z","glyphs":0,"storage_bytes":0,"memory_bytes":0}"""));
        Assert.Contains(wrongType, v => v.Contains("$.name is Number", StringComparison.Ordinal));
        var plainError = await _contract.ViolationsAsync(Answer(HttpMethod.Post, "/models", HttpStatusCode.BadRequest, "text/plain", "bad"));
        Assert.Contains(plainError, v => v.Contains("text/plain", StringComparison.Ordinal));
        var unknownRoute = await _contract.ViolationsAsync(Answer(HttpMethod.Get, "/nowhere", HttpStatusCode.OK, "application/json", "{}"));
        Assert.Contains(unknownRoute, v => v.Contains("only 404 is described", StringComparison.Ordinal));
        var unknownMethod = await _contract.ViolationsAsync(Answer(HttpMethod.Patch, "/models/m1", HttpStatusCode.MethodNotAllowed, "text/plain", "no"));
        Assert.Contains(unknownMethod, v => v.Contains("not application/problem+json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_AnswerOutsideTheDocument_FailsTheRequestAndTheInstance()
    {
        using var dir = new TempDirectory();
        var settings = await StorageKind.SettingsAsync(false, dir.Path);
        // A route the document does not describe, added to the real pipeline: its answer must not pass.
        var runtime = await RuntimeInstance.StartAsync(settings, b => b.Services.AddSingleton<IStartupFilter>(new ExtraRoute()));
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => runtime.Client.GetAsync("/models/extra/undescribed"));
        Assert.Contains("418", failure.Message, StringComparison.Ordinal);
        var atDisposal = await Assert.ThrowsAnyAsync<Exception>(async () => await runtime.DisposeAsync());
        Assert.Contains("418", atDisposal.Message, StringComparison.Ordinal);
    }

    private static HttpResponseMessage Answer(HttpMethod method, string path, HttpStatusCode status, string mediaType, string body) =>
        new(status)
        {
            RequestMessage = new HttpRequestMessage(method, new Uri("http://127.0.0.1" + path)),
            Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType),
        };

    private sealed class ExtraRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) => context.Request.Path == "/models/extra/undescribed"
                ? Results.StatusCode(418).ExecuteAsync(context)
                : nextMiddleware(context));
            next(app);
        };
    }

    [Fact]
    public void Document_EveryOperation_ListsProblemAnswersAndASuccess()
    {
        var count = 0;
        foreach (var path in _contract.Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                count++;
                var statuses = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                Assert.Contains(statuses, s => s.StartsWith('2'));
                if (!path.Name.StartsWith("/health", StringComparison.Ordinal) && path.Name is not ("/ready" or "/metrics"))
                {
                    Assert.Contains("401", statuses);
                    Assert.Contains("429", statuses);
                }
            }
        }
        Assert.True(count >= 15, $"only {count} operations");
    }

    [Fact]
    public void Document_ListGlyphs_HasLimitAndCursor_AndSecuritySchemes()
    {
        var parameters = _contract.Document.GetProperty("paths").GetProperty("/models/{model}/glyphs").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("limit", parameters);
        Assert.Contains("cursor", parameters);
        var schemes = _contract.Document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-API-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Sweep_EveryAnswer_DescribedByTheDocument()
    {
        var client = _runtime.Client;
        var answers = new List<HttpResponseMessage>
        {
            await client.PostJsonAsync("/models", """{"name":"m1"}"""),
            await client.PostJsonAsync("/models", """{"name":"m1"}"""),
            await client.PostJsonAsync("/models", """{"name":"Bad"}"""),
            await client.PostAsync("/models", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain")),
            await client.GetAsync("/models"),
            await client.GetAsync("/models/m1"),
            await client.GetAsync("/models/none"),
            await client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,0],"payload":{"k":"v"}}"""),
            await client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,1]}"""),
            await client.PutJsonAsync("/models/m1/glyphs/b", """{"vector":[1,0]"""),
            await client.PutJsonAsync("/models/none/glyphs/a", """{"payload":{}}"""),
            await client.GetAsync("/models/m1/glyphs/a"),
            await client.GetAsync("/models/m1/glyphs/zz"),
            await client.GetAsync("/models/m1/glyphs?limit=1"),
            await client.GetAsync("/models/m1/glyphs?limit=0"),
            await client.PostJsonAsync("/models/m1/search", """{"vector":[1,0],"k":1}"""),
            await client.PostJsonAsync("/models/m1/search", """{"vector":[0,0]}"""),
            await client.GetAsync("/namespaces/m1/quotas"),
            await client.PutJsonAsync("/namespaces/m1/quotas", """{"glyphs":500}"""),
            await client.PutJsonAsync("/namespaces/m1/quotas", """{"glyphs":-1}"""),
            await client.GetAsync("/license"),
            await client.GetAsync("/health"),
            await client.GetAsync("/health/ready"),
            await client.GetAsync("/metrics"),
        };
        var etag = answers[11].Headers.ETag!;
        answers.Add(await SendAsync(HttpMethod.Get, "/models/m1/glyphs/a", r => r.Headers.IfNoneMatch.Add(etag)));
        answers.Add(await SendAsync(HttpMethod.Delete, "/models/m1/glyphs/a", r => r.Headers.IfMatch.Add(new EntityTagHeaderValue("\"old\""))));
        answers.Add(await SendAsync(HttpMethod.Head, "/models/m1", _ => { }));
        answers.Add(await client.DeleteAsync("/models/m1/glyphs/a"));
        answers.Add(await client.DeleteAsync("/models/m1/glyphs/a"));
        answers.Add(await client.DeleteAsync("/models/m1"));
        foreach (var answer in answers)
        {
            await _contract.AssertDescribesAsync(answer);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage> configure)
    {
        var request = new HttpRequestMessage(method, path);
        configure(request);
        return await _runtime.Client.SendAsync(request);
    }
}
