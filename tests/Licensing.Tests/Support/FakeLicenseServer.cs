using System.Collections.Concurrent;
using System.Net;
using Glyphh.Licensing.Issuing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Glyphh.Licensing.Tests.Support;

/// <summary>A real Kestrel license server on 127.0.0.1 that answers with receipts signed by a real issuer.</summary>
internal sealed class FakeLicenseServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeLicenseServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Decides the answer; the default signs a valid receipt.</summary>
    public Func<LicenseValidationRequest, HttpContext, Task>? Respond { get; set; }

    public ConcurrentQueue<LicenseValidationRequest> Requests { get; } = new();

    public required LicenseIssuer Issuer { get; init; }

    public required TimeProvider Clock { get; set; }

    /// <summary>The signed license the server holds for offline licenses that call home (their proofs are checked against it).</summary>
    public byte[]? LicenseDer { get; set; }

    /// <summary>The credential a real server names: the key's, or the license's once the proof checks out.</summary>
    public string? CredentialOf(LicenseValidationRequest request) => request.LicenseKey is { } key
        ? LicenseCredential.ForKey(key)
        : LicenseDer is { } der && LicenseCredential.VerifyProof(der, request) ? LicenseCredential.ForLicense(der) : null;

    public static async Task<FakeLicenseServer> StartAsync(LicenseIssuer issuer, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeLicenseServer? server = null;
        app.MapPost("/api/v1/licenses/validate", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            if (!LicenseValidationRequest.TryParse(buffer.ToArray(), out var request, out var error))
            {
                return Results.Problem(error, statusCode: 400);
            }

            server!.Requests.Enqueue(request);
            await (server.Respond ?? server.ValidAsync)(request, context);
            return Results.Empty;
        });
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server = new FakeLicenseServer(app, url) { Issuer = issuer, Clock = clock };
        return server;
    }

    public LicenseReceipt Receipt(
        LicenseValidationRequest request, LicenseReceiptStatus status = LicenseReceiptStatus.Valid, string? nonce = null,
        string? credential = null, DeploymentMode mode = DeploymentMode.SelfHosted, string? fingerprint = null) => new()
    {
        LicenseId = request.LicenseId ?? "lic-online-1",
        Credential = credential ?? CredentialOf(request),
        Nonce = nonce ?? request.Nonce,
        ServerTime = Clock.GetUtcNow(),
        Status = status,
        Product = request.Product,
        Fingerprint = fingerprint ?? request.Fingerprint,
        NextValidationAt = Clock.GetUtcNow().AddHours(24),
        ExpiresAt = Clock.GetUtcNow().AddYears(1),
        Mode = mode,
        Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 5, ["items"] = 20_000 }),
        Features = ["search"],
        Message = status == LicenseReceiptStatus.Valid ? null : "refused by test",
    };

    public Task ValidAsync(LicenseValidationRequest request, HttpContext context) => WriteAsync(context, Issuer.CreateValidationResponse(Receipt(request)));

    public static Task WriteAsync(HttpContext context, LicenseValidationResponse response)
    {
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(response.ToUtf8Json()).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
