using System.Diagnostics.Metrics;

namespace Glyphh.LicenseServer.Validation;

/// <summary><c>glyphh.license_server.validations</c>: validation answers by status (<c>refused</c> for bad requests).</summary>
internal sealed class ValidationMetrics
{
    public const string MeterName = "Glyphh.LicenseServer";

    private readonly Counter<long> _validations;

    public ValidationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _validations = meter.CreateCounter<long>("glyphh.license_server.validations", "{validation}", "License validation requests answered, by status.");
    }

    public void Answered(string status) => _validations.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Refused() => Answered("refused");
}
