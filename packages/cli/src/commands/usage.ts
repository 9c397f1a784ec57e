/** The text `erp --help` prints. */
export const USAGE = `erp: run the ERP on this machine

Usage:
  erp up [flags]           start PostgreSQL (embedded unless DATABASE_URL is set) and every service,
                           print their URLs once all pass /health; Ctrl-C or SIGTERM stops everything
    -d, --detach           run in the background (output in <data dir>/erp-up.log); stop with erp down
    --port-base <port>     gateway on <port>, the others at their usual offsets (core on <port>+2, ...)
    --host <address>       address the services listen on (default 127.0.0.1)
    --timeout <seconds>    how long all services may take to become healthy (default 60)
    --restarts <n>         restarts in a row before a crashing service is given up (default 5)
    --log-level <level>    LOG_LEVEL of every service (fatal, error, warn, info, debug, trace, silent)
    --autoscale            follow the observer's scaling recommendations within the bounds of
                           observer_config.json (scaling.min_instances..max_instances), logging each decision
    --autoscale-interval <s>  how often to ask the observer (default 15)
  erp status               print the health of every service of the running system
  erp down [--timeout <s>] stop the system started with erp up --detach
  erp scale <service>=<n>  run n instances (1-8) of a service of the running system, e.g. erp scale core=3;
                           new ones listen on free ports, register, and the gateway balances over them
  erp seed [flags]         fill a tenant of the running system with a demo trading company (suppliers,
                           customers, products, stock, delivered and invoiced orders, payments) through the
                           gateway; registers it on first use, adds only what is missing on later runs
    --gateway <url>        default http://127.0.0.1:8000 (or ERP_GATEWAY_URL)
    --email, --password    the tenant's admin (default demo@werkzeughandel.example / Demo-Passphrase-2026)
    --orders <n>           sales orders to create (default 120); --seed <n> picks another company
  erp bench <suite> [...]  run a benchmark suite
  erp eval <suite> [...]   run an evaluation on labelled data and print its table (ai: finance
                           intelligence; --strict exits 1 when a goal is missed)
  erp perf [flags]         the performance gate: start on embedded defaults, offer normal load at every
                           critical endpoint, judge the observer's figures against observer_config.json
                           and perf/baseline.json; exit 1 on a breach or a regression
    --duration <s>         judged load (default 60), after --warmup <s> (default 10)
    --update-baseline      write this run's figures to perf/baseline.json instead of comparing
  erp --version

Every command takes --data-dir <path> (default: .data at the repository root, or ERP_DATA_DIR).

Environment:
  DATABASE_URL             PostgreSQL admin URL; without it embedded PostgreSQL runs in <data dir>/postgres
  ERP_EMBEDDED_PG_PORT     port of embedded PostgreSQL (default 54329)
  ERP_<SERVICE>_PORT       port of one service, e.g. ERP_FINANCE_PORT=9006
  REDIS_URL, AMQP_URL, LOG_LEVEL, ...  passed on to every service
`;
