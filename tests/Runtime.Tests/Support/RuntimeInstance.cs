using System.Net.Http.Json;
using Glyphh.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Runtime.Tests.Support;

/// <summary>The real runtime on Kestrel at 127.0.0.1 on a free port, configured like an operator would (command-line keys).</summary>
internal sealed class RuntimeInstance : IAsyncDisposable
{
    // Every answer the clients below receive is checked against this instance's own OpenAPI document.
    private readonly List<string> _violations = [];
    private readonly Lazy<Task<OpenApiContract>> _contract;

    private RuntimeInstance(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        _contract = new Lazy<Task<OpenApiContract>>(() => OpenApiContract.FromServicesAsync(app.Services));
        Client = CreateClient();
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<RuntimeInstance> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var args = settings.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}")
            .Append("--urls=http://127.0.0.1:0")
            .Append("--Logging:LogLevel:Default=Warning")
            .ToArray();
        var app = await RuntimeApp.BuildAsync(args, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RuntimeInstance(app, new Uri(address));
    }

    /// <summary>The runtime's OpenAPI document, as the contract every answer is checked against.</summary>
    public Task<OpenApiContract> ContractAsync() => _contract.Value;

    /// <summary>A client whose every answer must be described by the runtime's OpenAPI document.</summary>
    public HttpClient CreateClient(string? bearer = null)
    {
        var client = new HttpClient(new ContractCheckingHandler(ContractAsync, _violations)) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    /// <summary>
    /// A client whose answers are NOT checked against the document: only for a request the server rejects before
    /// the application sees it (Kestrel's own answers), named with that reason.
    /// </summary>
    public HttpClient CreateUncheckedClient(string reasonKestrelAnswers)
    {
        Assert.False(string.IsNullOrWhiteSpace(reasonKestrelAnswers));
        return new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        lock (_violations)
        {
            // Reported again here: a test that caught the client's exception must still fail.
            Assert.True(_violations.Count == 0, "Answers not described by the OpenAPI document:" + Environment.NewLine + string.Join(Environment.NewLine, _violations));
        }
    }
}

/// <summary>Helpers for requests and problem answers.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static async Task<System.Text.Json.JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with the contract's type code and returns it.</summary>
    public static async Task<System.Text.Json.JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("https://glyphh.dev/problems/" + code, json.GetProperty("type").GetString());
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        return json;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) => client.PostAsync(path, Json(json));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json) => client.PutAsync(path, Json(json));

    public static Task<HttpResponseMessage> PutGlyphAsync(this HttpClient client, string model, string id, object body) =>
        client.PutAsJsonAsync($"/models/{model}/glyphs/{id}", body);
}
