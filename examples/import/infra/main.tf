# A small Terraform configuration for trying the importers (docs/importers.md):
#   residency import examples/import/infra/ --organisation "Acme Corp"
terraform {
  required_providers {
    aws      = { source = "hashicorp/aws" }
    alicloud = { source = "aliyun/alicloud" }
  }
}

provider "aws" {
  region = "us-east-1"
}

# Alibaba Cloud's Virginia region: hosted in the United States, controlled from China.
provider "alicloud" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "invoices" {
  bucket = "acme-invoices"
  tags = {
    DataClassification = "financial"
  }
}

resource "alicloud_oss_bucket" "media" {
  bucket = "acme-media"
}
