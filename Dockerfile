# Image for the `secagg` program (SecureAgg.Host, assembly name secagg): one image for the cluster server, the client
# nodes and the journal report. See docker-compose.yml for how the services use it.
#   docker build -t secagg:latest .
#   docker run --rm secagg:latest --help
# The base images are build arguments so that a machine without a registry can pass stand-ins (deploy/ci-images.sh):
#   docker build --build-arg SDK_IMAGE=local/dotnet-sdk:10.0 --build-arg RUNTIME_IMAGE=local/dotnet-runtime:10.0 .
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

# ---- build ----------------------------------------------------------------------------------------------------------
FROM ${SDK_IMAGE} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src

# Restore from the project files alone, so the restore layer stays cached until a project or package version changes
# (central package management: versions live in Directory.Packages.props; Directory.Build.props sets net10.0).
# Only SecureAgg.Host and what it references (SecureAgg.Actors); tests and benchmarks are not part of the image.
COPY Directory.Build.props Directory.Packages.props ./
COPY SecureAgg.Actors/SecureAgg.Actors.csproj SecureAgg.Actors/
COPY SecureAgg.Host/SecureAgg.Host.csproj SecureAgg.Host/
RUN dotnet restore SecureAgg.Host/SecureAgg.Host.csproj

COPY SecureAgg.Actors/ SecureAgg.Actors/
COPY SecureAgg.Host/ SecureAgg.Host/
# Framework-dependent and portable (no -r): the runtime stage supplies .NET, and native assets of the packages
# (SkiaSharp for ScottPlot, SQLite) are published for every RID under runtimes/.
RUN dotnet publish SecureAgg.Host/SecureAgg.Host.csproj -c Release -o /app --no-restore

# ---- run ------------------------------------------------------------------------------------------------------------
# runtime, not aspnet: the program is a console app. The default 10.0 tag is Ubuntu 24.04; it has bash and hostname,
# which the client entrypoint uses.
FROM ${RUNTIME_IMAGE}
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /app
COPY --from=build /app ./
# Config files are read at run time from the working directory (--config hocon/server.hocon -> /app/hocon/...).
COPY hocon/ hocon/
# Not root: the official images' user `app` (APP_UID 1654). The folders the compose file mounts named volumes on are
# made here and owned by app, so a new volume starts owned by app too (Docker copies the mount point's owner). The
# bind-mounted results folder (/out) is made writable by the compose file's one-shot `out` service.
RUN mkdir -p /out /identity /public /keys /ca /pki && chown "$APP_UID:$APP_UID" /out /identity /public /keys /ca /pki
USER $APP_UID
# Akka.Remote port of the server node (seed node); client nodes use 4054 by default, each on its own container IP.
EXPOSE 4053
ENTRYPOINT ["dotnet", "/app/secagg.dll"]
