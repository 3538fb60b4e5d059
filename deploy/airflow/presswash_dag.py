"""Airflow DAG: one `presswash crawl` every four hours, then `presswash validate` over what it wrote.

Copy into the dags/ folder of an Airflow installation whose workers have presswash installed;
PRESSWASH_SITES and PRESSWASH_DATA_DIR (Airflow Variables) say where the sites file and the
data folder are. Exit code 75 (another run holds a site's lock) skips the task instead of
failing it; exit 1 (a site failed entirely, an invalid record) fails it and Airflow retries.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow import DAG

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

SITES = "{{ var.value.get('PRESSWASH_SITES', '/etc/presswash/sites.toml') }}"
DATA_DIR = "{{ var.value.get('PRESSWASH_DATA_DIR', '/var/lib/presswash') }}"

with DAG(
    dag_id="presswash_crawl",
    description="Crawl the news sites of the sites file, then validate the articles",
    schedule="0 */4 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,  # a crawl fetches what is new now: missed runs are not replayed
    max_active_runs=1,  # presswash also refuses to overlap itself (exit 75)
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["presswash"],
) as dag:
    crawl = BashOperator(
        task_id="crawl",
        bash_command=f"presswash crawl --sites {SITES} --data-dir {DATA_DIR}",
        skip_on_exit_code=75,
        execution_timeout=timedelta(hours=6),
    )
    # every article and reject written so far: a folder's check costs time in proportion to it
    # (rejects/ exists once a page was refused)
    validate = BashOperator(
        task_id="validate",
        bash_command=f"presswash validate {DATA_DIR}/articles $(test -d {DATA_DIR}/rejects && echo {DATA_DIR}/rejects)",
    )
    crawl >> validate
