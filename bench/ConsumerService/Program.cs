// The issue-18 consumer service: GET /projects/{ns}/items/{id} answered from a dictionary, in one of five variants
// (CONSUMER_VARIANT, see ConsumerApp). bench/consumer/run.sh drives them side by side over sockets;
// bench/Glyphh.Benchmarks' ConsumerPipelineBenchmarks runs the same hosts in process.
using Glyphh.Benchmarks;
using Microsoft.AspNetCore.Builder;

var builder = WebApplication.CreateBuilder(args);
var variant = ConsumerApp.Configure(builder, builder.Configuration["CONSUMER_VARIANT"]);
var app = builder.Build();
ConsumerApp.Map(app, variant);
app.Run();
