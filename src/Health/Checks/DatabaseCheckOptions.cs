using System.ComponentModel.DataAnnotations;

namespace Glyphh.Health;

/// <summary>Options of the <c>database</c> check, which runs a query through an ADO.NET <see cref="System.Data.Common.DbDataSource"/>.</summary>
public sealed class DatabaseCheckOptions
{
    /// <summary>The query to run.</summary>
    /// <value>Default <c>SELECT 1</c>.</value>
    [Required]
    public string Query { get; set; } = "SELECT 1";

    /// <summary>Round-trip time (connection and query) at or above which the check reports degraded; a failure reports unhealthy.</summary>
    /// <value>Default 1 second. Greater than zero.</value>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(1);
}
