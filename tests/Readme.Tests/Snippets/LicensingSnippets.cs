#region LicensingUsings
using Glyphh.Licensing;
#endregion

namespace Glyphh.Readme.Tests.Snippets;

/// <summary>The C# blocks of src/Licensing/README.md.</summary>
internal static class LicensingSnippets
{
    /// <summary>The quick start.</summary>
    public static void QuickStart(string[] args)
    {
        #region LicensingQuickStart
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddGlyphhLicensingEnvironmentVariables();   // DEPLOYMENT_MODE, LICENSE_KEY, LICENSE_FILE, ...
        builder.Services.AddGlyphhLicensing(builder.Configuration.GetSection(GlyphhLicensingOptions.SectionName));
        builder.Services.AddHealthChecks().AddGlyphhLicenseCheck();       // tags "ready", "license"

        var app = builder.Build();
        app.UseGlyphhLicensing();   // 503 license-expired / license-invalid once the license stops allowing requests
        var projects = new List<string>();
        app.MapPost("/projects/{name}", (string name, ILicenseState license) =>
        {
            if (!license.Current.Limits.AllowsAnother("projects", projects.Count))
            {
                return Results.Problem(statusCode: 403, title: $"The license allows {license.Current.Limits.Get("projects")} projects.");
            }

            projects.Add(name);
            return Results.Created($"/projects/{name}", name);
        });
        app.MapGet("/reports", () => "report").RequireLicensedFeature("reports");   // 403 feature-not-licensed
        app.MapGet("/license", (ILicenseState license) => license.Current.ToString()); // excluded from the gate
        app.Run();
        #endregion
    }

    public static void OptionsInCode(WebApplicationBuilder builder)
    {
        #region LicensingOptionsInCode
        builder.Services.AddGlyphhLicensing(o =>
        {
            o.Mode = DeploymentMode.SelfHosted;
            o.Product = "projects-service";
            o.LicenseFile = "/etc/projects/license.lic";
            o.RootCertificateFile = "/etc/projects/vendor-root.pem";
            o.LocalLimits["projects"] = 3;          // local mode: no license, the host's own limits
            o.SelfHostedLimits["items"] = 10_000;   // used when the license does not name "items"
        });
        #endregion
    }

    public static void ReadState(ILicenseState license)
    {
        #region LicensingReadState
        var snapshot = license.Current;                       // immutable: read it once per decision
        long? maxProjects = snapshot.Limits.Get("projects");  // null = unlimited; 0 without a valid license
        bool pro = snapshot.HasFeature("tier:pro");           // "tier" matches any value, "tier:pro" only pro
        string? tier = snapshot.GetFeatureValue("tier");      // "pro" for a license carrying tier:pro
        license.Changed += (_, e) => Console.WriteLine($"license {e.Previous.Status} -> {e.Current.Status}: {e.Current.Reason}");
        #endregion
        GC.KeepAlive(maxProjects);
        GC.KeepAlive(pro);
        GC.KeepAlive(tier);
    }

    public static void Telemetry(WebApplicationBuilder builder)
    {
        #region LicensingTelemetry
        // With the OpenTelemetry SDK (the host's choice; the package configures no exporter):
        // builder.Services.AddOpenTelemetry()
        //     .WithTracing(t => t.AddSource(GlyphhLicensingDiagnostics.ActivitySourceName))
        //     .WithMetrics(m => m.AddMeter(GlyphhLicensingDiagnostics.MeterName));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["service"] = "projects");
        builder.Services.Configure<GlyphhLicensingOptions>(o => o.ProblemTypeBaseUri = new Uri("https://projects.example.com/problems/"));
        #endregion
    }

    public static void Verify()
    {
        #region LicensingVerify
        var verifier = LicenseVerifier.FromPem(File.ReadAllText("root.pem"));
        var result = verifier.Verify(File.ReadAllText("license.lic"),
            new LicenseVerificationContext { Product = "projects-service", Mode = DeploymentMode.SelfHosted });
        if (!result.IsValid)
        {
            Console.Error.WriteLine(result);
        }
        #endregion
    }
}
