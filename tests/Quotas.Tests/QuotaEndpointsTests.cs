using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Quotas.Tests;

public class QuotaEndpointsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddGlyphhQuotas(o =>
            {
                QuotaResources.Declare(o);
                o.TierCapAdvice = "Local mode allows 1,000 glyphs per model; install a production license to lift it.";
            })
            .AddResource(QuotaResources.Models, QuotaLimit.Unlimited)
            .AddTierCaps((_, ns, resource) => ns == "local" && resource == QuotaResources.Glyphs ? QuotaLimit.Of(1000) : QuotaLimit.Unlimited);
        _app = builder.Build();
        _app.UseExceptionHandler();
        // Stands in for the host's authorization: conventions added to Update must reach PUT only.
        _app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<AdminOnly>() is not null && !context.Request.Headers.ContainsKey("X-Admin"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(context);
        });
        _app.MapGlyphhQuotas().Update.Add(b => b.Metadata.Add(new AdminOnly()));
        _app.MapPost("/models/{model}/glyphs", async (string model, IQuotaService quotas) =>
        {
            await using var reservation = await quotas.ReserveAsync(model, [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 100)]);
            if (!reservation.IsGranted)
            {
                return QuotaResults.Exceeded(reservation.Denial!);
            }
            reservation.Commit();
            return Results.Created();
        });
        _app.MapPost("/throwing/{model}", async (string model, long amount, IQuotaService quotas) =>
        {
            var reservation = await quotas.ReserveAsync(model, QuotaResources.Glyphs, amount);
            reservation.ThrowIfDenied();
            return Results.NoContent();
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.Add("X-Admin", "yes");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Get_NewNamespace_AnswersContractShapeWithDefaults()
    {
        using var response = await _client.GetAsync("/namespaces/m1/quotas");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("m1", root.GetProperty("namespace").GetString());
        Assert.Equal(1_000_000, root.GetProperty("limits").GetProperty("glyphs").GetInt64());
        Assert.Equal(10_737_418_240, root.GetProperty("limits").GetProperty("storage_bytes").GetInt64());
        Assert.Equal(1_073_741_824, root.GetProperty("limits").GetProperty("memory_bytes").GetInt64());
        Assert.Equal("unlimited", root.GetProperty("limits").GetProperty("models").GetString());
        Assert.Equal(0, root.GetProperty("usage").GetProperty("glyphs").GetInt64());
        Assert.Equal(["limits", "namespace", "usage"], root.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task Get_AfterReservations_ShowsUsage()
    {
        for (var i = 0; i < 3; i++)
        {
            (await _client.PostAsync("/models/counted/glyphs", null)).EnsureSuccessStatusCode();
        }

        var root = await GetQuotasAsync("counted");

        Assert.Equal(3, root.GetProperty("usage").GetProperty("glyphs").GetInt64());
        Assert.Equal(300, root.GetProperty("usage").GetProperty("storage_bytes").GetInt64());
    }

    [Fact]
    public async Task Put_SetsOverridesUnlimitedAndBackToDefault()
    {
        using var set = await PutAsync("edited", """{"glyphs":100,"memory_bytes":"unlimited"}""");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using (var body = JsonDocument.Parse(await set.Content.ReadAsStringAsync()))
        {
            Assert.Equal(100, body.RootElement.GetProperty("limits").GetProperty("glyphs").GetInt64());
            Assert.Equal("unlimited", body.RootElement.GetProperty("limits").GetProperty("memory_bytes").GetString());
            Assert.Equal(10_737_418_240, body.RootElement.GetProperty("limits").GetProperty("storage_bytes").GetInt64());
        }

        using var partial = await PutAsync("edited", """{"storage_bytes":5}""");
        var afterPartial = await GetQuotasAsync("edited");
        using var reset = await PutAsync("edited", """{"glyphs":null}""");
        var afterReset = await GetQuotasAsync("edited");

        Assert.Equal(100, afterPartial.GetProperty("limits").GetProperty("glyphs").GetInt64());
        Assert.Equal(5, afterPartial.GetProperty("limits").GetProperty("storage_bytes").GetInt64());
        Assert.Equal(1_000_000, afterReset.GetProperty("limits").GetProperty("glyphs").GetInt64());
        Assert.Equal("unlimited", afterReset.GetProperty("limits").GetProperty("memory_bytes").GetString());
    }

    [Fact]
    public async Task Put_AboveTierCap_EffectiveLimitStaysAtCap()
    {
        using var response = await PutAsync("local", """{"glyphs":5000}""");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1000, body.RootElement.GetProperty("limits").GetProperty("glyphs").GetInt64());
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("", "$")]
    [InlineData("[]", "$")]
    [InlineData("42", "$")]
    [InlineData("{\"glyphs\":1", "$")]
    [InlineData("{} {}", "$")]
    [InlineData("{\"glyphs\":-1}", "glyphs")]
    [InlineData("{\"glyphs\":1.5}", "glyphs")]
    [InlineData("{\"glyphs\":1e3}", "glyphs")]
    [InlineData("{\"glyphs\":1e400}", "glyphs")]
    [InlineData("{\"glyphs\":9007199254740992}", "glyphs")]
    [InlineData("{\"glyphs\":99999999999999999999999999}", "glyphs")]
    [InlineData("{\"glyphs\":\"100\"}", "glyphs")]
    [InlineData("{\"glyphs\":\"Unlimited\"}", "glyphs")]
    [InlineData("{\"glyphs\":true}", "glyphs")]
    [InlineData("{\"glyphs\":{}}", "glyphs")]
    [InlineData("{\"glyphs\":[1]}", "glyphs")]
    [InlineData("{\"cpu\":1}", "cpu")]
    [InlineData("{\"GLYPHS\":1}", "GLYPHS")]
    [InlineData("{\"glyphs\":1,\"glyphs\":2}", "glyphs")]
    [InlineData("{\"glyphs\":[[[[[[[[[[[[1]]]]]]]]]]]]}", "$")]
    public async Task Put_MalformedBody_Answers400ValidationAndChangesNothing(string body, string field)
    {
        using var response = await PutAsync("strict", body);

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Equal(1_000_000, (await GetQuotasAsync("strict")).GetProperty("limits").GetProperty("glyphs").GetInt64());
    }

    [Fact]
    public async Task Put_OneBadFieldAmongGoodOnes_ListsEveryBadFieldAndAppliesNone()
    {
        using var response = await PutAsync("strict2", """{"glyphs":100,"storage_bytes":-5,"cpu":1}""");

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("storage_bytes", out _));
        Assert.True(errors.TryGetProperty("cpu", out _));
        Assert.False(errors.TryGetProperty("glyphs", out _));
        Assert.Equal(1_000_000, (await GetQuotasAsync("strict2")).GetProperty("limits").GetProperty("glyphs").GetInt64());
    }

    [Fact]
    public async Task Put_OversizedBody_Answers400()
    {
        var huge = "{\"glyphs\":1" + new string(' ', 20_000) + "}";

        using var response = await PutAsync("big", huge);

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
        Assert.Contains("16384", problem.GetProperty("errors").GetProperty("$")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NotJsonContentType_Answers400()
    {
        using var content = new StringContent("""{"glyphs":1}""", Encoding.UTF8, "text/plain");

        using var response = await _client.PutAsync("/namespaces/m1/quotas", content);

        await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
    }

    [Theory]
    [InlineData("a%20b")]
    [InlineData(".hidden")]
    [InlineData("-lead")]
    [InlineData("a%0Ab")]
    [InlineData("%E2%9C%93")]
    public async Task GetAndPut_HostileNamespace_Answer400NamingTheField(string @namespace)
    {
        using var get = await _client.GetAsync($"/namespaces/{@namespace}/quotas");
        using var put = await PutAsync(@namespace, """{"glyphs":1}""");

        var getProblem = await ReadProblemAsync(get, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
        var putProblem = await ReadProblemAsync(put, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
        Assert.True(getProblem.GetProperty("errors").TryGetProperty("namespace", out _));
        Assert.True(putProblem.GetProperty("errors").TryGetProperty("namespace", out _));
    }

    [Fact]
    public async Task Get_TooLongNamespace_Answers400()
    {
        using var response = await _client.GetAsync($"/namespaces/{new string('a', QuotaNamespace.MaxLength + 1)}/quotas");

        await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
    }

    [Fact]
    public async Task Put_WithoutTheHostsAdminConvention_IsRefusedWhileGetIsNot()
    {
        using var anonymous = _app.GetTestClient();
        using var content = new StringContent("""{"glyphs":1}""", Encoding.UTF8, "application/json");

        using var put = await anonymous.PutAsync("/namespaces/m1/quotas", content);
        using var get = await anonymous.GetAsync("/namespaces/m1/quotas");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Fact]
    public async Task Reservation_OverTheLimit_Answers403QuotaExceededWithNumbers()
    {
        (await PutAsync("tiny", """{"glyphs":1}""")).Dispose();
        (await _client.PostAsync("/models/tiny/glyphs", null)).EnsureSuccessStatusCode();

        using var response = await _client.PostAsync("/models/tiny/glyphs", null);

        var problem = await ReadProblemAsync(response, HttpStatusCode.Forbidden, "https://glyphh.dev/problems/quota-exceeded");
        Assert.Equal("Quota exceeded", problem.GetProperty("title").GetString());
        Assert.Equal("tiny", problem.GetProperty("namespace").GetString());
        Assert.Equal("glyphs", problem.GetProperty("resource").GetString());
        Assert.Equal(1, problem.GetProperty("limit").GetInt64());
        Assert.Equal(1, problem.GetProperty("usage").GetInt64());
        Assert.Equal(1, problem.GetProperty("requested").GetInt64());
        Assert.Equal("override", problem.GetProperty("limit_source").GetString());
        Assert.Contains("PUT /namespaces/tiny/quotas", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await GetQuotasAsync("tiny")).GetProperty("usage").GetProperty("glyphs").GetInt64());
    }

    [Fact]
    public async Task Reservation_OverTierCap_DetailCarriesTheHostsAdvice()
    {
        using var response = await _client.PostAsync("/throwing/local?amount=1001", null);

        var problem = await ReadProblemAsync(response, HttpStatusCode.Forbidden, "https://glyphh.dev/problems/quota-exceeded");
        Assert.Equal("tier", problem.GetProperty("limit_source").GetString());
        Assert.Equal(1000, problem.GetProperty("limit").GetInt64());
        Assert.EndsWith("install a production license to lift it.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionHandler_InvalidAmount_Answers400Validation()
    {
        using var response = await _client.PostAsync("/throwing/m1?amount=9007199254740992", null);

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://glyphh.dev/problems/validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));
    }

    [Fact]
    public async Task Get_NamespaceTheHostDoesNotKnow_Answers404AndCreatesNoState()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddGlyphhQuotas(QuotaResources.Declare)
            .AddNamespaceCheck((_, ns, _) => ValueTask.FromResult(ns == "known"));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["customized"] = true);
        await using var app = builder.Build();
        app.MapGlyphhQuotas();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var unknown = await client.GetAsync("/namespaces/unknown/quotas");
        using var put = await client.PutAsync("/namespaces/unknown/quotas", new StringContent("{\"glyphs\":1}", Encoding.UTF8, "application/json"));
        using var known = await client.GetAsync("/namespaces/known/quotas");

        var problem = await ReadProblemAsync(unknown, HttpStatusCode.NotFound, "https://glyphh.dev/problems/namespace-not-found");
        Assert.True(problem.GetProperty("customized").GetBoolean()); // written through IProblemDetailsService
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(0, app.Services.GetRequiredService<Glyphh.Quotas.Internal.QuotaMetrics>().ObservedNamespaces);
        await app.StopAsync();
    }

    [Fact]
    public async Task Problem_TypeBase_IsTheHostsOption()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddGlyphhQuotas(o =>
        {
            QuotaResources.Declare(o);
            o.ProblemTypeBaseUri = new Uri("https://example.test/errors/");
        });
        await using var app = builder.Build();
        app.MapGlyphhQuotas();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var response = await client.PutAsync("/namespaces/m1/quotas", new StringContent("{\"cpu\":1}", Encoding.UTF8, "application/json"));

        await ReadProblemAsync(response, HttpStatusCode.BadRequest, "https://example.test/errors/validation");
        await app.StopAsync();
    }

    private async Task<HttpResponseMessage> PutAsync(string @namespace, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await _client.PutAsync($"/namespaces/{@namespace}/quotas", content);
    }

    private async Task<JsonElement> GetQuotasAsync(string @namespace)
    {
        using var response = await _client.GetAsync($"/namespaces/{@namespace}/quotas");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private sealed class AdminOnly;
}
