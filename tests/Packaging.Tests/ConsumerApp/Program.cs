using Glyphh.Auth;
using Glyphh.Licensing;
using Glyphh.Quotas;

var builder = WebApplication.CreateSlimBuilder(args);

builder.Services.AddGlyphhLicensing(o =>
{
    o.Mode = DeploymentMode.Local;
    o.Product = "consumer-app";
    o.DataDirectory = builder.Configuration["DATA_DIR"] ?? "./data";
});
builder.Services.AddGlyphhAuth(o =>
{
    o.Mode = AuthMode.Jwt;
    o.Jwt.SecretKey = builder.Configuration["JWT_SECRET_KEY"];
});
builder.Services.AddGlyphhQuotas().AddResource("glyphs", QuotaLimit.Of(1_000_000));
builder.Services.AddGlyphhHealth().AddGlyphhLicenseCheck();

var app = builder.Build();
app.UseGlyphhLicensing();
app.MapGlyphhHealth();

app.MapPost("/models/{model}/glyphs", async (string model, IQuotaService quotas) =>
{
    await using var reservation = await quotas.ReserveAsync(model, "glyphs", 1);
    if (!reservation.IsGranted)
    {
        return QuotaResults.Exceeded(reservation.Denial!);
    }
    reservation.Commit();
    return Results.Text("reserved " + model);
}).RequireNamespacePermission(NamespacePermission.Write, "model");

app.Run();
